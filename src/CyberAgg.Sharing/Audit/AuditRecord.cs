namespace CyberAgg.Sharing.Audit;

/// <summary>One row of <c>cyberagg.sharing_audit</c>: who (actor) gave what (alert) to whom (recipient), when, how and under which agreements.</summary>
public sealed record AuditRecord(
    DateTimeOffset At,
    string Action,
    string Actor,
    string Recipient,
    string AlertId,
    IReadOnlyList<string> AgreementIds,
    IReadOnlyList<string> KeyIds,
    string Tlp,
    string Channel,
    string Detail = "")
{
    public static readonly string[] Columns =
        ["audited_at", "action", "actor", "recipient", "alert_id", "agreement_ids", "key_ids", "tlp", "channel", "detail"];

    public object[] ToRow() =>
        [At.UtcDateTime, Action, Actor, Recipient, AlertId, AgreementIds.ToArray(), KeyIds.ToArray(), Tlp, Channel, Detail];
}
