using CyberAgg.Events.Alerts;

namespace CyberAgg.Sharing.Policy;

/// <summary>An alert as one principal may see it, and the agreements and keys that made it so (for the audit trail).</summary>
/// <param name="Alert">The view: personal group fields pseudonymised where the agreements say so.</param>
/// <param name="AgreementIds">Empty when the principal owns all the evidence or is an operator.</param>
/// <param name="KeyIds">The pseudonymisation keys used, for rotation audits.</param>
public sealed record AlertRelease(Alert Alert, IReadOnlyList<string> AgreementIds, IReadOnlyList<string> KeyIds);
