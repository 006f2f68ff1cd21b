using CyberAgg.Events.Alerts;

namespace CyberAgg.Sharing.Tests;

/// <summary>
/// The authorization matrix's expectations, written out by hand from <see cref="TestConfig"/>'s agreements (not
/// computed by SharingPolicy), so the matrix tests compare the product against an independent statement of the rules.
/// </summary>
internal static class AccessMatrix
{
    public const string Operator = "soc-ops";

    /// <summary>Every TLP 2.0 label, and one nobody knows (it must fail closed as RED).</summary>
    public static readonly string[] Tlps = ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED", "PURPLE"];

    /// <summary>Whose evidence an alert carries, and its kind.</summary>
    public static readonly (string Name, string Kind, string[] Owners)[] OwnerSets =
    [
        ("ee", AlertKinds.CrossBorder, ["ee-cert"]),
        ("eelv", AlertKinds.CrossBorder, ["ee-cert", "lv-cert"]),
        ("eecorr", AlertKinds.Correlation, ["ee-cert"]),
        ("lt", AlertKinds.Detection, ["lt-cert"]),
    ];

    public static readonly string[] Partners = ["ee-cert", "lv-cert", "lt-cert"];

    /// <summary>Callers with their tokens: the three partners and the operator.</summary>
    public static readonly (string Id, string Token)[] Callers =
    [
        ("ee-cert", TestConfig.EeToken), ("lv-cert", TestConfig.LvToken), ("lt-cert", TestConfig.LtToken), (Operator, TestConfig.AdminToken),
    ];

    /// <summary>Whether <paramref name="caller"/> may see an alert of <paramref name="owners"/>, <paramref name="kind"/> and <paramref name="tlp"/>.</summary>
    public static bool SeesAlert(string caller, string[] owners, string kind, string tlp)
    {
        if (caller == Operator)
        {
            return true;
        }

        var foreign = owners.Where(o => o != caller).ToArray();
        return foreign.Length == 0 || foreign.All(o => MaxRank(o, caller, kind) >= Rank(tlp));
    }

    /// <summary>Whether <paramref name="caller"/>'s statistics count <paramref name="owner"/>'s events of <paramref name="tlp"/>.</summary>
    public static bool CountsEvents(string caller, string owner, string tlp) =>
        caller == Operator || caller == owner
        || new[] { AlertKinds.Detection, AlertKinds.Correlation, AlertKinds.CrossBorder }.Any(k => MaxRank(owner, caller, k) >= Rank(tlp));

    /// <summary>Whether <paramref name="caller"/> may change the status of a visible alert: contributors and operators.</summary>
    public static bool MayChangeStatus(string caller, string[] owners) => caller == Operator || owners.Contains(caller);

    // ee-to-lv: ee → LV, cross-border and correlation, up to AMBER. lv-to-ee: lv → ee, every kind, up to AMBER.
    // all-to-lt: anyone → lt, cross-border, up to GREEN. Nothing else is shared.
    private static int MaxRank(string owner, string receiver, string kind) => (owner, receiver) switch
    {
        ("ee-cert", "lv-cert") when kind is AlertKinds.CrossBorder or AlertKinds.Correlation => 2,
        ("lv-cert", "ee-cert") => 2,
        (_, "lt-cert") when owner != "lt-cert" && kind == AlertKinds.CrossBorder => 1,
        _ => -1,
    };

    // AMBER+STRICT, RED and unknown labels are never shared with anyone but the owner.
    private static int Rank(string tlp) => tlp switch
    {
        "CLEAR" => 0,
        "GREEN" => 1,
        "AMBER" => 2,
        _ => 99,
    };
}
