namespace CyberAgg.Api.Federation;

/// <summary>The body of <c>POST /api/federation/exchanges</c>: an alert id, or a token with the node to ask.</summary>
internal sealed record ExchangeRequestBody(string? AlertId, string? Token, string? Owner);
