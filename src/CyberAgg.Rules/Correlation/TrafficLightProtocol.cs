namespace CyberAgg.Rules.Correlation;

/// <summary>TLP 2.0 labels ordered by strictness, so an alert can take the strictest label of its evidence.</summary>
public static class TrafficLightProtocol
{
    public const string Clear = "CLEAR";
    public const string Green = "GREEN";
    public const string Amber = "AMBER";
    public const string AmberStrict = "AMBER+STRICT";
    public const string Red = "RED";

    private static readonly string[] ByRank = [Clear, Green, Amber, AmberStrict, Red];

    /// <summary>Strictness rank 0 (CLEAR) to 4 (RED); missing or unknown labels count as AMBER, the default.</summary>
    public static int Rank(string? tlp) => tlp?.Trim().ToUpperInvariant() switch
    {
        "CLEAR" or "WHITE" or "TLP:CLEAR" or "TLP:WHITE" => 0,
        "GREEN" or "TLP:GREEN" => 1,
        "AMBER+STRICT" or "TLP:AMBER+STRICT" => 3,
        "RED" or "TLP:RED" => 4,
        _ => 2,
    };

    public static string FromRank(int rank) => ByRank[Math.Clamp(rank, 0, ByRank.Length - 1)];

    /// <summary>The stricter of two labels.</summary>
    public static string Strictest(string? left, string? right) => FromRank(Math.Max(Rank(left), Rank(right)));
}
