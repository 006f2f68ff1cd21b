namespace CyberAgg.Rules.Loading;

/// <summary>Decides whether an unknown key is a misspelling of a known one, for "did you mean" errors.</summary>
/// <remarks>
/// A key counts as a misspelling when, ignoring case and the separators <c>-</c>, <c>_</c> and space,
/// it equals a known key, differs from it only by a plural ending (<c>tag</c>, <c>alias</c>), or is one edit (insert, delete,
/// substitute, swap neighbours) away from a known key of five or more characters (two edits from one
/// of nine or more). Short keys such as <c>date</c> get no edit distance, so custom keys like
/// <c>data</c> stay legal.
/// </remarks>
internal static class KeySpelling
{
    /// <summary>Returns the known key that <paramref name="key"/> looks like a misspelling of, or null.</summary>
    public static string? Closest(string key, IEnumerable<string> known)
    {
        var normalized = Normalize(key);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var target = Normalize(candidate);
            var distance = normalized == target || normalized == target + "s" || normalized + "s" == target || normalized + "es" == target
                ? 0
                : Distance(normalized, target);
            var allowed = target.Length >= 9 ? 2 : target.Length >= 5 ? 1 : 0;
            if (distance <= allowed && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    private static string Normalize(string key) =>
        new(key.Where(c => c is not ('-' or '_' or ' ')).Select(char.ToLowerInvariant).ToArray());

    /// <summary>Optimal string alignment distance: Levenshtein plus swaps of neighbouring characters.</summary>
    private static int Distance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 2)
        {
            return int.MaxValue;
        }

        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
