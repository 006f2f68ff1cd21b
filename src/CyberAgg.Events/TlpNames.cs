namespace CyberAgg.Events;

/// <summary>Converts <see cref="Tlp"/> to and from its TLP 2.0 text form (CLEAR, GREEN, AMBER, AMBER+STRICT, RED).</summary>
public static class TlpNames
{
    public const string Clear = "CLEAR";
    public const string Green = "GREEN";
    public const string Amber = "AMBER";
    public const string AmberStrict = "AMBER+STRICT";
    public const string Red = "RED";

    public static string ToName(this Tlp tlp) => tlp switch
    {
        Tlp.Clear => Clear,
        Tlp.Green => Green,
        Tlp.Amber => Amber,
        Tlp.AmberStrict => AmberStrict,
        Tlp.Red => Red,
        _ => throw new ArgumentOutOfRangeException(nameof(tlp), tlp, "Unknown TLP value."),
    };

    /// <summary>The label, or RED for one nobody recognises: whatever cannot be read is treated as the strictest (fail closed).</summary>
    public static Tlp ParseOrRed(ReadOnlySpan<char> text) => TryParse(text, out var tlp) ? tlp : Tlp.Red;

    /// <summary>Parses a TLP label; accepts a "TLP:" prefix and the TLP 1.0 name WHITE for CLEAR. On failure the result is RED.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Tlp tlp)
    {
        text = text.Trim();
        if (text.StartsWith("TLP:", StringComparison.OrdinalIgnoreCase))
        {
            text = text[4..];
        }

        if (text.Equals(Clear, StringComparison.OrdinalIgnoreCase) || text.Equals("WHITE", StringComparison.OrdinalIgnoreCase))
        {
            tlp = Tlp.Clear;
        }
        else if (text.Equals(Green, StringComparison.OrdinalIgnoreCase))
        {
            tlp = Tlp.Green;
        }
        else if (text.Equals(Amber, StringComparison.OrdinalIgnoreCase))
        {
            tlp = Tlp.Amber;
        }
        else if (text.Equals(AmberStrict, StringComparison.OrdinalIgnoreCase))
        {
            tlp = Tlp.AmberStrict;
        }
        else if (text.Equals(Red, StringComparison.OrdinalIgnoreCase))
        {
            tlp = Tlp.Red;
        }
        else
        {
            tlp = Tlp.Red;
            return false;
        }

        return true;
    }

    /// <summary>The stricter of two labels: an alert carries the strictest label of its evidence.</summary>
    public static Tlp Strictest(Tlp a, Tlp b) => a >= b ? a : b;

    internal static bool IsDefined(byte value) => value <= (byte)Tlp.Red;
}
