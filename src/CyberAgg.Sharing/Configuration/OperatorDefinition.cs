namespace CyberAgg.Sharing.Configuration;

/// <summary>An operator of the aggregator itself: the admin role, which sees every alert unredacted.</summary>
public sealed record OperatorDefinition(string Id, string DisplayName, CredentialHash CredentialHash);
