using System.Security.Cryptography;
using System.Text;
using CyberAgg.Sharing.Configuration;
using CyberAgg.Sharing.Policy;
using CyberAgg.Simulation.Scenarios;

namespace CyberAgg.Cli.Commands.Exercise;

/// <summary>
/// The demo's sharing agreements: every partner shares cross-border and correlation alerts up to TLP:AMBER with every
/// other, personal data pseudonymised; fresh credentials each run, shown once, never stored.
/// </summary>
internal static class DemoSharing
{
    private const string KeyVariable = "CYBERAGG_DEMO_PSEUDONYM_KEY";

    public static (SharingPolicy Policy, string OperatorToken, IReadOnlyDictionary<string, string> PartnerTokens) Create(Scenario scenario)
    {
        var tokens = scenario.Partners.ToDictionary(p => p.Id, _ => CredentialHash.NewToken(), StringComparer.Ordinal);
        var operatorToken = CredentialHash.NewToken();
        var yaml = new StringBuilder();
        yaml.AppendLine("partners:");
        foreach (var p in scenario.Partners)
        {
            yaml.AppendLine($"  - {{ id: {p.Id}, country: {p.Country}, display_name: {p.Id.ToUpperInvariant()}, credential: \"{CredentialHash.Compute(tokens[p.Id])}\" }}");
        }

        yaml.AppendLine("operators:");
        yaml.AppendLine($"  - {{ id: demo-operator, display_name: Demo operator, credential: \"{CredentialHash.Compute(operatorToken)}\" }}");
        yaml.AppendLine("keys:");
        yaml.AppendLine($"  - {{ id: demo, secret: \"${{env:{KeyVariable}}}\" }}");
        yaml.AppendLine("agreements:");
        yaml.AppendLine("  - { id: demo-all, from: \"*\", to: \"*\", alert_kinds: [cross-border, correlation], max_tlp: AMBER, pseudonymise: [user.name, host.name, internal.ip], key_id: demo }");
        var environment = new Dictionary<string, string> { [KeyVariable] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };
        var policy = new SharingPolicy(SharingConfigLoader.Parse(yaml.ToString(), environment, "demo sharing.yaml"));
        return (policy, operatorToken, tokens);
    }
}
