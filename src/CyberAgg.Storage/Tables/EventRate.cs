namespace CyberAgg.Storage.Tables;

/// <summary>One bucket of the per-minute rollup: events of one partner, country and category.</summary>
public readonly record struct EventRate(DateTimeOffset Time, string Partner, string Country, string Category, long Events);
