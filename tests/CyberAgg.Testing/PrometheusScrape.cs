using System.Text.RegularExpressions;

namespace CyberAgg.Testing;

/// <summary>Reads a Prometheus text exposition: metric names and the bucket boundaries of each histogram.</summary>
public static partial class PrometheusScrape
{
    /// <summary>The boundaries (<c>le</c> values, without <c>+Inf</c>) of every histogram whose name starts with <paramref name="prefix"/>.</summary>
    public static Dictionary<string, List<string>> Buckets(string text, string prefix = "cyberagg_")
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (Match m in Bucket().Matches(text))
        {
            var name = m.Groups["name"].Value;
            if (!name.StartsWith(prefix, StringComparison.Ordinal) || m.Groups["le"].Value == "+Inf")
            {
                continue;
            }

            var list = result.TryGetValue(name, out var found) ? found : result[name] = [];
            if (!list.Contains(m.Groups["le"].Value))
            {
                list.Add(m.Groups["le"].Value);
            }
        }

        return result;
    }

    /// <summary>Every metric family named in <c># TYPE</c> lines.</summary>
    public static HashSet<string> Families(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Type().Matches(text).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The boundaries every CyberAgg seconds histogram must have: 1 ms to 10 s.</summary>
    public static IReadOnlyList<string> SecondsBoundaries { get; } = ["0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10"];

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)_bucket\{[^}]*le=""(?<le>[^""]+)""[^}]*\}", RegexOptions.Multiline)]
    private static partial Regex Bucket();

    [GeneratedRegex(@"^# TYPE (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) ", RegexOptions.Multiline)]
    private static partial Regex Type();
}
