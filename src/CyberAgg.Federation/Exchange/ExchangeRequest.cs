namespace CyberAgg.Federation.Exchange;

/// <summary>A sent request: its id (to look it up later) and the owner's answer when it arrives.</summary>
public sealed record ExchangeRequest(string Id, string Owner, string Token, DateTimeOffset RequestedAt, Task<ExchangeOutcome> Answer);
