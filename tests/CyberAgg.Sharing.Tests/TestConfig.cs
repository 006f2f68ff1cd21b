using CyberAgg.Events.Alerts;
using CyberAgg.Sharing.Configuration;
using CyberAgg.Sharing.Policy;

namespace CyberAgg.Sharing.Tests;

/// <summary>A sharing.yaml with three partners in three countries, an operator, and agreements exercising every rule.</summary>
internal static class TestConfig
{
    public const string EeToken = "cyb_ee-token-0123456789abcdefghijklmnopqrstuvwxyz";
    public const string LvToken = "cyb_lv-token-0123456789abcdefghijklmnopqrstuvwxyz";
    public const string LtToken = "cyb_lt-token-0123456789abcdefghijklmnopqrstuvwxyz";
    /// <summary>lt's previous token, expired: refused though its hash is still listed.</summary>
    public const string LtExpiredToken = "cyb_lt-old-token-0123456789abcdefghijklmnopqrstuvw";

    /// <summary>lt's next token, active alongside <see cref="LtToken"/> during the rotation.</summary>
    public const string LtNextToken = "cyb_lt-next-token-0123456789abcdefghijklmnopqrstuv";

    public const string AdminToken = "cyb_admin-token-0123456789abcdefghijklmnopqrstuv";

    public static readonly Dictionary<string, string> Environment = new()
    {
        ["KEY_2026A"] = "0123456789abcdef0123456789abcdef-key-a",
        ["KEY_2026B"] = "fedcba9876543210fedcba9876543210-key-b",
    };

    /// <summary>ee and lv share cross-border and correlation alerts up to AMBER both ways; lt receives only GREEN cross-border from anyone, indicator hidden.</summary>
    public static string Yaml(string keyForEeToLv = "k2026a") => $$"""
        partners:
          - id: ee-cert
            country: EE
            display_name: CERT-EE
            credential: {{CredentialHash.Compute(EeToken)}}
          - id: lv-cert
            country: LV
            display_name: CERT.LV
            credential: {{CredentialHash.Compute(LvToken)}}
          - id: lt-cert
            country: LT
            display_name: NKSC
            credentials:
              - hash: {{CredentialHash.Compute(LtToken)}}
              - hash: {{CredentialHash.Compute(LtExpiredToken)}}
                expires: 2020-01-01T00:00:00Z
              - hash: {{CredentialHash.Compute(LtNextToken)}}
                expires: 2099-01-01T00:00:00Z
        operators:
          - id: soc-ops
            display_name: Operations
            credential: {{CredentialHash.Compute(AdminToken)}}
        keys:
          - id: k2026a
            secret: ${env:KEY_2026A}
          - id: k2026b
            secret: ${env:KEY_2026B}
        agreements:
          - id: ee-to-lv
            from: ee-cert
            to: LV
            alert_kinds: [cross-border, correlation]
            max_tlp: AMBER
            key_id: {{keyForEeToLv}}
          - id: lv-to-ee
            from: lv-cert
            to: ee-cert
            alert_kinds: ["*"]
            max_tlp: AMBER
            pseudonymise: [user.name, host.name, internal.ip]
            key_id: k2026b
          - id: all-to-lt
            from: "*"
            to: lt-cert
            alert_kinds: [cross-border]
            max_tlp: GREEN
            indicator_in_clear: false
            key_id: k2026a
        """;

    public static SharingPolicy Policy(string keyForEeToLv = "k2026a") =>
        new(SharingConfigLoader.Parse(Yaml(keyForEeToLv), Environment));

    public static Alert Alert(string tlp = "AMBER", string kind = AlertKinds.CrossBorder, string[]? partners = null, Dictionary<string, string>? group = null)
    {
        group ??= new Dictionary<string, string> { ["source.ip"] = "203.0.113.7" };
        return new Alert
        {
            AlertId = "a-" + Guid.NewGuid().ToString("N"),
            RuleId = "cross-border-source-ip",
            RuleTitle = "Same source IP seen in two countries",
            Level = "high",
            Kind = kind,
            RaisedAt = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero),
            FirstSeen = new DateTimeOffset(2026, 3, 1, 11, 50, 0, TimeSpan.Zero),
            LastSeen = new DateTimeOffset(2026, 3, 1, 11, 59, 0, TimeSpan.Zero),
            GroupKey = string.Join('\u001f', group.Values),
            GroupFields = group,
            Countries = ["EE", "LV"],
            Partners = partners ?? ["ee-cert", "lv-cert"],
            EventCount = 4,
            EvidenceEventIds = ["e1", "e2"],
            Tlp = tlp,
        };
    }
}
