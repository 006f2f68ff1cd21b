namespace CyberAgg.Embedded.ClickHouse;

/// <summary>What a request asks of the engine, which decides the sessions it may take (<see cref="SessionLanes"/>).</summary>
internal enum EngineWork
{
    /// <summary>Anything but an insert with data: a select, DDL, <c>INSERT … SELECT</c>.</summary>
    Query,

    /// <summary>An insert of less than <see cref="ChdbEngine.BulkBytes"/> of data: an alert's row, a batch record.</summary>
    Insert,

    /// <summary>An insert of <see cref="ChdbEngine.BulkBytes"/> or more: an event batch.</summary>
    BulkInsert,
}
