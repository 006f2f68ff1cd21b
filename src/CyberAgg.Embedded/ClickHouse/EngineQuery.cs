namespace CyberAgg.Embedded.ClickHouse;

/// <summary>
/// One query as the HTTP interface hands it to the engine; <c>Work</c> says which sessions it may take
/// (<see cref="SessionLanes"/>).
/// </summary>
internal sealed record EngineQuery(
    string Sql,
    string Format,
    string Database,
    IReadOnlyList<KeyValuePair<string, string>> Settings,
    IReadOnlyList<KeyValuePair<string, string>> Parameters,
    EngineWork Work = EngineWork.Query);
