namespace CyberAgg.Storage.Tables;

/// <summary>Events of one partner that carry an indicator, in the hour of event time starting at <see cref="Hour"/>.</summary>
public readonly record struct IndicatorSighting(string Partner, string Country, DateTimeOffset Hour, long Events);
