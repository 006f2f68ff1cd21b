using System.Collections.Frozen;

namespace CyberAgg.Agent.Parsing.Time;

/// <summary>
/// Zone words in legacy stamps: numeric offsets, <c>GMT±HH:MM</c>, and the unambiguous abbreviations that network
/// gear prints. Ambiguous ones (IST, CST in China, BST in Bangladesh) follow the common Western reading or are absent:
/// a stamp whose zone is unknown is not guessed.
/// </summary>
internal static class ZoneAbbreviations
{
    private static readonly FrozenDictionary<string, int> Offsets = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["Z"] = 0, ["UTC"] = 0, ["GMT"] = 0, ["UT"] = 0, ["WET"] = 0,
        ["WEST"] = 60, ["BST"] = 60, ["CET"] = 60, ["MET"] = 60, ["CEST"] = 120, ["MEST"] = 120,
        ["EET"] = 120, ["EEST"] = 180, ["MSK"] = 180,
        ["EST"] = -300, ["EDT"] = -240, ["CST"] = -360, ["CDT"] = -300, ["MST"] = -420, ["MDT"] = -360,
        ["PST"] = -480, ["PDT"] = -420, ["AKST"] = -540, ["AKDT"] = -480, ["HST"] = -600,
        ["JST"] = 540, ["KST"] = 540, ["AEST"] = 600, ["AEDT"] = 660,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> BySpan = Offsets.GetAlternateLookup<ReadOnlySpan<char>>();

    public static bool TryGetOffset(ReadOnlySpan<char> word, out int offsetMinutes)
    {
        offsetMinutes = 0;
        if (word.IsEmpty)
        {
            return false;
        }

        if (word[0] is '+' or '-')
        {
            return Rfc3339.TryParseZone(word, strict: false, out offsetMinutes);
        }

        if (word.Length > 3 && (word.StartsWith("GMT", StringComparison.OrdinalIgnoreCase) || word.StartsWith("UTC", StringComparison.OrdinalIgnoreCase))
            && word[3] is '+' or '-')
        {
            return Rfc3339.TryParseZone(word[3..], strict: false, out offsetMinutes);
        }

        return BySpan.TryGetValue(word, out offsetMinutes);
    }
}
