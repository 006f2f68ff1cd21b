namespace CyberAgg.Sharing.Configuration;

/// <summary>An operator of the aggregator itself: the admin role, which sees every alert unredacted.</summary>
public sealed record OperatorDefinition(string Id, string DisplayName, CredentialHash CredentialHash)
{
    /// <summary>Every credential of the operator; by default the one <see cref="CredentialHash"/>, without expiry.</summary>
    public IReadOnlyList<CredentialDefinition> Credentials { get; init; } = [new(CredentialHash, null)];
}
