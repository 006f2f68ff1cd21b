namespace CyberAgg.Embedded.ClickHouse;

/// <summary>One query as the HTTP interface hands it to the engine.</summary>
internal sealed record EngineQuery(
    string Sql,
    string Format,
    string Database,
    IReadOnlyList<KeyValuePair<string, string>> Settings,
    IReadOnlyList<KeyValuePair<string, string>> Parameters);
