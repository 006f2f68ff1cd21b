namespace CyberAgg.Api.Federation;

/// <summary>
/// One request this node sent for a clear value: <see cref="Status"/> is <c>requested</c> (no answer yet),
/// <c>released</c> (then <see cref="Value"/> holds the clear value), <c>refused</c> or <c>failed</c>, with the owner's reason.
/// </summary>
public sealed record ExchangeView(
    string Id,
    string Owner,
    string Token,
    string Status,
    string Reason,
    string AgreementId,
    string Tlp,
    string Kind,
    string? Value,
    string Analyst,
    string AlertId,
    DateTimeOffset RequestedAt,
    DateTimeOffset? AnsweredAt);
