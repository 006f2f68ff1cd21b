namespace CyberAgg.Storage.Tables;

/// <summary>The filters of an alert list, already validated; every value reaches ClickHouse as a typed parameter.</summary>
public sealed record AlertListQuery
{
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public IReadOnlyList<string> Levels { get; init; } = [];
    public IReadOnlyList<string> Statuses { get; init; } = [];
    public string? Kind { get; init; }
    public string? Rule { get; init; }
    public string? Country { get; init; }
    public string? Partner { get; init; }

    /// <summary>Searched in titles and rule ids, and in the indicator only where the scope shows it in clear.</summary>
    public string? Text { get; init; }

    /// <summary>Keyset cursor: rows strictly before (raised_at, alert_id).</summary>
    public (long RaisedAtMs, string AlertId)? Before { get; init; }

    public int Limit { get; init; } = 50;
}
