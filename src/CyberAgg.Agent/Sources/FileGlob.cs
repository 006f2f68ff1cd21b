using Microsoft.Extensions.FileSystemGlobbing;

namespace CyberAgg.Agent.Sources;

/// <summary>Expands configured paths and globs (<c>/var/log/**/*.json</c>) to the files that exist now.</summary>
internal static class FileGlob
{
    private static readonly char[] Wildcards = ['*', '?', '['];

    public static IEnumerable<string> Expand(IEnumerable<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var pattern in patterns)
        {
            var full = Path.GetFullPath(pattern);
            var wildcard = full.IndexOfAny(Wildcards);
            if (wildcard < 0)
            {
                if (File.Exists(full))
                {
                    found.Add(full);
                }

                continue;
            }

            // The fixed directory prefix is the search root; the rest is matched relative to it.
            var root = full[..(full.LastIndexOf(Path.DirectorySeparatorChar, wildcard) + 1)];
            if (!Directory.Exists(root))
            {
                continue;
            }

            var matcher = new Matcher(StringComparison.Ordinal);
            matcher.AddInclude(full[root.Length..]);
            foreach (var file in matcher.GetResultsInFullPath(root))
            {
                found.Add(file);
            }
        }

        return found;
    }
}
