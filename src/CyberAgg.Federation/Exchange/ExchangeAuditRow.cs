namespace CyberAgg.Federation.Exchange;

/// <summary>
/// One row of a node's <c>federation_exchange_audit</c>: one step of one exchange as this node saw it (<see cref="Role"/>
/// <c>requester</c> or <c>owner</c>). <see cref="ClearValue"/> is set only on the requester's <c>released</c> row.
/// </summary>
public sealed record ExchangeAuditRow(
    DateTimeOffset AuditedAt,
    string RequestId,
    string Role,
    string Requester,
    string Owner,
    string Analyst,
    string Token,
    string AlertId,
    string Kind,
    string Decision,
    string Reason,
    string AgreementId,
    string Tlp,
    DateTimeOffset RequestedAt,
    string ClearValue = "")
{
    public const string RequesterRole = "requester";
    public const string OwnerRole = "owner";

    public static readonly string[] Columns =
        ["audited_at", "request_id", "role", "requester", "owner", "analyst", "token", "alert_id", "kind", "decision", "reason", "agreement_id", "tlp", "requested_at", "clear_value"];

    public object[] ToRow() =>
        [AuditedAt.UtcDateTime, RequestId, Role, Requester, Owner, Analyst, Token, AlertId, Kind, Decision, Reason, AgreementId, Tlp, RequestedAt.UtcDateTime, ClearValue];
}
