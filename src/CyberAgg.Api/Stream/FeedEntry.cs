using CyberAgg.Storage.Tables;

namespace CyberAgg.Api.Stream;

/// <summary>One alert version in the live feed, numbered in arrival order for <c>Last-Event-ID</c>.</summary>
internal sealed record FeedEntry(long Sequence, StoredAlert Alert);
