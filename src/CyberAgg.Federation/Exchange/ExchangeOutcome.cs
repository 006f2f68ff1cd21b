namespace CyberAgg.Federation.Exchange;

/// <summary>
/// What a requester learned from the owner: the decision (<c>released</c>, <c>refused</c>, or <c>failed</c> when no
/// usable answer came), why, under which agreement and TLP, and <see cref="Value"/>, the clear value, only when released.
/// </summary>
public sealed record ExchangeOutcome(string RequestId, string Owner, string Token, string Decision, string Reason, string AgreementId, string Tlp, string Kind, string? Value);
