namespace CyberAgg.Embedded.ClickHouse;

/// <summary>
/// One query as the HTTP interface hands it to the engine. <c>Bulk</c> marks an insert of at least
/// <see cref="ChdbEngine.BulkBytes"/> of data, which may not take the last free session.
/// </summary>
internal sealed record EngineQuery(
    string Sql,
    string Format,
    string Database,
    IReadOnlyList<KeyValuePair<string, string>> Settings,
    IReadOnlyList<KeyValuePair<string, string>> Parameters,
    bool Bulk = false);
