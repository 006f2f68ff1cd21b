namespace CyberAgg.Embedded.ClickHouse;

/// <summary>The outcome of one statement: its output bytes and counters, or the server's error text.</summary>
internal sealed class ChdbResult
{
    public required byte[] Output { get; init; }

    public string? Error { get; init; }

    public ulong RowsRead { get; init; }

    public ulong BytesRead { get; init; }

    public ulong RowsWritten { get; init; }

    public ulong BytesWritten { get; init; }

    public double ElapsedSeconds { get; init; }

    public bool Failed => Error is not null;
}
