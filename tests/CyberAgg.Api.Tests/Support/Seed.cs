using CyberAgg.Events.Alerts;
using CyberAgg.Sharing.Tests;

namespace CyberAgg.Api.Tests.Support;

/// <summary>The stored alerts every authorization test checks, one per rule of the sharing model.</summary>
public static class Seed
{
    /// <summary>Yesterday at a whole hour: the event table's 90-day TTL would drop rows of a fixed past date.</summary>
    public static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() / 3600 * 3600).AddDays(-1);

    /// <summary>Query-string window around <see cref="T0"/>.</summary>
    public static string Window(int hoursBefore = 12, int hoursAfter = 12) =>
        $"from={T0.AddHours(-hoursBefore):yyyy-MM-ddTHH:mm:ssZ}&to={T0.AddHours(hoursAfter):yyyy-MM-ddTHH:mm:ssZ}";

    /// <summary>AMBER cross-border alert of ee and lv: both see it.</summary>
    public static readonly Alert Shared = Make("seed-shared", "AMBER", AlertKinds.CrossBorder, ["ee-cert", "lv-cert"], new() { ["source.ip"] = "203.0.113.7" },
        ["ev-ee-1", "ev-lv-1", "ev-ee-red"], 0);

    /// <summary>RED, ee only: never leaves ee.</summary>
    public static readonly Alert EeRed = Make("seed-ee-red", "RED", AlertKinds.CrossBorder, ["ee-cert"], new() { ["source.ip"] = "198.51.100.66" }, ["ev-ee-red"], 1);

    /// <summary>AMBER+STRICT, ee only: stays inside ee.</summary>
    public static readonly Alert EeStrict = Make("seed-ee-strict", "AMBER+STRICT", AlertKinds.CrossBorder, ["ee-cert"], new() { ["source.ip"] = "198.51.100.77" }, [], 2);

    /// <summary>RED with evidence of ee and lv: nobody but operators.</summary>
    public static readonly Alert MixedRed = Make("seed-mixed-red", "RED", AlertKinds.CrossBorder, ["ee-cert", "lv-cert"], new() { ["source.ip"] = "198.51.100.88" }, [], 3);

    /// <summary>A correlation over ee's user alice: lv sees a pseudonym.</summary>
    public static readonly Alert EeUser = Make("seed-ee-user", "AMBER", AlertKinds.Correlation, ["ee-cert"], new() { ["user.name"] = "alice" }, ["ev-ee-1"], 4);

    /// <summary>A GREEN detection of lt: no agreement shares lt's data with ee or lv.</summary>
    public static readonly Alert LtOnly = Make("seed-lt-only", "GREEN", AlertKinds.Detection, ["lt-cert"], new(), [], 5);

    public static readonly Alert[] All = [Shared, EeRed, EeStrict, MixedRed, EeUser, LtOnly];

    /// <summary>Strings that must never reach lv: ee's personal data and its RED/STRICT indicators.</summary>
    public static readonly string[] SecretsOfEe = ["alice", "ws-042", "10.0.0.5", "198.51.100.66", "198.51.100.77", "198.51.100.88", "secret message", "whoami"];

    public static Alert Make(string id, string tlp, string kind, string[] partners, Dictionary<string, string> group, string[] evidence, int minutes) =>
        TestConfig.Alert(tlp, kind, partners, group) with
        {
            FirstSeen = T0.AddMinutes(minutes - 10),
            LastSeen = T0.AddMinutes(minutes - 1),
            AlertId = id,
            RuleId = "rule-" + kind,
            RuleTitle = $"Seeded {kind} {tlp}",
            RaisedAt = T0.AddMinutes(minutes),
            Countries = partners.Select(p => p[..2].ToUpperInvariant()).ToArray(),
            EvidenceEventIds = evidence,
            EventCount = Math.Max(1, evidence.Length),
        };
}
