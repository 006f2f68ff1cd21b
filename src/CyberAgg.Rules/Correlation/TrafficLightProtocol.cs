using CyberAgg.Events;

namespace CyberAgg.Rules.Correlation;

/// <summary>
/// The correlation engine's view of TLP 2.0 as strictness ranks, over the one vocabulary in <see cref="TlpNames"/>:
/// a missing label is the default AMBER, a label nobody recognises fails closed as RED.
/// </summary>
public static class TrafficLightProtocol
{
    public const string Clear = TlpNames.Clear;
    public const string Green = TlpNames.Green;
    public const string Amber = TlpNames.Amber;
    public const string AmberStrict = TlpNames.AmberStrict;
    public const string Red = TlpNames.Red;

    /// <summary>Strictness rank 0 (CLEAR) to 4 (RED); null is AMBER (the schema's default), an unknown label RED.</summary>
    public static int Rank(string? tlp) => (int)(tlp is null ? Tlp.Amber : TlpNames.ParseOrRed(tlp));

    public static string FromRank(int rank) => ((Tlp)Math.Clamp(rank, (int)Tlp.Clear, (int)Tlp.Red)).ToName();

    /// <summary>The stricter of two labels.</summary>
    public static string Strictest(string? left, string? right) => FromRank(Math.Max(Rank(left), Rank(right)));
}
