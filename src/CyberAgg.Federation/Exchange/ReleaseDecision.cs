namespace CyberAgg.Federation.Exchange;

/// <summary>An owner node's answer to a request for a clear value: released or refused, why, under which agreement, at which TLP.</summary>
internal sealed record ReleaseDecision(bool Released, string Reason, string AgreementId, string Tlp, string Kind)
{
    public static ReleaseDecision Refuse(string reason, string tlp = "", string kind = "") => new(false, reason, "", tlp, kind);
}
