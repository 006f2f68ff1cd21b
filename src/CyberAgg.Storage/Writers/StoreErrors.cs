using ClickHouse.Driver;

namespace CyberAgg.Storage.Writers;

/// <summary>
/// Sorts insert failures into the three kinds a pipeline handles differently: transient (retry the same insert),
/// data (the rows are at fault: split the insert, dead-letter the rows the table refuses) and everything else
/// (the server or its schema is at fault: nothing the rows can fix, so wait and retry while saying so).
/// </summary>
public static class StoreErrors
{
    /// <summary>ClickHouse's TOO_MANY_PARTS: either merges lag (transient) or one insert spans too many partitions (data).</summary>
    public const int TooManyParts = 252;

    /// <summary>How many partitions one insert may create before the server refuses it (max_partitions_per_insert_block).</summary>
    public const int MaxPartitionsPerInsert = 100;

    // Server codes that name something wrong with the inserted values themselves: parse and conversion failures,
    // values out of a type's range, oversized strings, violated constraints, NULL into a non-Nullable column.
    private static readonly HashSet<int> DataCodes = [6, 26, 27, 38, 41, 53, 69, 70, 72, 117, 131, 321, 349, 407, 469];

    // Overload and connection trouble on the server side: the same insert later will succeed.
    private static readonly HashSet<int> TransientCodes = [159, 202, 209, 210, 241];

    /// <summary>True when retrying the same insert may succeed (connection trouble, timeouts, an overloaded server).</summary>
    public static bool IsTransient(Exception e) => e switch
    {
        HttpRequestException or TaskCanceledException or IOException => true,
        ClickHouseServerException server when server.ErrorCode == TooManyParts => !IsTooManyPartitions(server),
        ClickHouseServerException server => TransientCodes.Contains(server.ErrorCode),
        _ => false,
    };

    /// <summary>True when the rows are at fault: a smaller insert, or one without the offending row, succeeds.</summary>
    public static bool IsDataError(Exception e) => e switch
    {
        ClickHouseServerException server when server.ErrorCode == TooManyParts => IsTooManyPartitions(server),
        ClickHouseServerException server => DataCodes.Contains(server.ErrorCode),

        // The client refused to serialise a value for its column type.
        FormatException or OverflowException or InvalidCastException => true,
        _ => false,
    };

    /// <summary>A one-line name for metrics and logs: the server's code, or the exception type.</summary>
    public static string Kind(Exception e) => e switch
    {
        ClickHouseServerException server => "clickhouse_" + server.ErrorCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
        HttpRequestException => "http",
        TaskCanceledException => "timeout",
        IOException => "io",
        _ => e.GetType().Name,
    };

    private static bool IsTooManyPartitions(ClickHouseServerException e) =>
        e.Message.Contains("partitions for single INSERT", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("max_partitions_per_insert_block", StringComparison.OrdinalIgnoreCase);
}
