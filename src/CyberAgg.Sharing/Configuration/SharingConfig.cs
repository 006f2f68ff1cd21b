namespace CyberAgg.Sharing.Configuration;

/// <summary>The validated content of <c>sharing.yaml</c>; build one with <see cref="SharingConfigLoader"/>.</summary>
public sealed record SharingConfig(
    IReadOnlyList<PartnerDefinition> Partners,
    IReadOnlyList<OperatorDefinition> Operators,
    IReadOnlyList<AgreementDefinition> Agreements,
    IReadOnlyList<PseudonymKey> Keys);
