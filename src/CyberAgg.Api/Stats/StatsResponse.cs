namespace CyberAgg.Api.Stats;

/// <summary><c>GET /api/stats</c>: event counts per time bucket, by country, partner and category.</summary>
public sealed record StatsResponse(
    DateTimeOffset From,
    DateTimeOffset To,
    int StepSeconds,
    IReadOnlyList<StatsSeries> ByCountry,
    IReadOnlyList<StatsSeries> ByPartner,
    IReadOnlyList<StatsSeries> ByCategory);

/// <summary>One series: the key (a country, partner or category) and its counts per bucket start.</summary>
public sealed record StatsSeries(string Key, long Total, IReadOnlyList<StatsPoint> Points);

/// <summary>Events in the bucket starting at <see cref="T"/>.</summary>
public sealed record StatsPoint(DateTimeOffset T, long N);

/// <summary><c>GET /api/stats/shared-indicators</c>: how many distinct indicators each pair of countries shared in visible cross-border alerts.</summary>
public sealed record SharedIndicators(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<string> Countries, IReadOnlyList<SharedIndicatorCell> Cells);

/// <summary>One cell of the country × country matrix.</summary>
public sealed record SharedIndicatorCell(string From, string To, int Indicators);
