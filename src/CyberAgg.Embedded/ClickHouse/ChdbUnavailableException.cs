namespace CyberAgg.Embedded.ClickHouse;

/// <summary>The chDB library is missing and could not be provisioned; the message says how to fix it.</summary>
public sealed class ChdbUnavailableException : Exception
{
    public ChdbUnavailableException()
    {
    }

    public ChdbUnavailableException(string message)
        : base(message)
    {
    }

    public ChdbUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
