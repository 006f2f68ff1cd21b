namespace CyberAgg.Embedded.ClickHouse;

/// <summary>A request body grew past the configured limit once decompressed.</summary>
internal sealed class RequestTooLargeException : Exception
{
    public RequestTooLargeException(long limit)
        : base($"The request body is larger than {limit} bytes after decompression; split the insert into smaller batches.")
    {
    }

    public RequestTooLargeException()
    {
    }

    public RequestTooLargeException(string message)
        : base(message)
    {
    }

    public RequestTooLargeException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
