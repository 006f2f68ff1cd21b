namespace CyberAgg.Sharing.Policy;

/// <summary>Who is asking: a partner (with its country) or an operator (admin role, no country).</summary>
public sealed record Principal(string Id, string DisplayName, string? Country, bool IsAdmin)
{
    public const string AdminRole = "admin";
    public const string PartnerRole = "partner";

    public string Role => IsAdmin ? AdminRole : PartnerRole;
}
