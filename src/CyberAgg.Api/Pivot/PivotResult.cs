using CyberAgg.Api.Alerts;

namespace CyberAgg.Api.Pivot;

/// <summary>
/// <c>GET /api/pivot?value=</c>: the alerts the caller may see whose indicator holds the value, across countries, and the
/// sightings in raw events the caller owns (operators: every partner's); others' raw events reach a partner only as alerts.
/// </summary>
public sealed record PivotResult(string Value, IReadOnlyList<AlertItem> Alerts, IReadOnlyList<PivotSighting> Sightings, string SightingsScope);
