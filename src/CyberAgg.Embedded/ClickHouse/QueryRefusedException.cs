namespace CyberAgg.Embedded.ClickHouse;

/// <summary>An HTTP request asked for something <see cref="QueryGuard"/> refuses; answered as ACCESS_DENIED.</summary>
internal sealed class QueryRefusedException : Exception
{
    public QueryRefusedException(string reason)
        : base($"Not allowed over HTTP: {reason}. The embedded ClickHouse keeps HTTP clients away from the host's files and network.")
    {
    }

    public QueryRefusedException()
    {
    }

    public QueryRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
