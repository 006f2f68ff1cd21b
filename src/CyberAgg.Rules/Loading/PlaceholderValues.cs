using CyberAgg.Rules.Yaml;

namespace CyberAgg.Rules.Loading;

/// <summary>Reads values for Sigma <c>|expand</c> placeholders (<c>%name%</c>) from a YAML map of name to values.</summary>
/// <remarks>
/// The file is one YAML map. Each key is a placeholder name, written without or with its percent signs
/// (<c>Servers</c> or <c>'%Servers%'</c>); each value is a string or a list of strings. A rule value
/// <c>'%Servers%'</c> under <c>|expand</c> then matches any of the listed values, which are read as
/// Sigma values, so <c>*</c> and <c>?</c> are wildcards unless escaped with <c>\</c>. Names are compared
/// ignoring case.
/// <code>
/// Administrators: [admin, root]
/// known_cdcs:
///   - dc01.corp.example
///   - 10.0.0.10
/// </code>
/// </remarks>
public static class PlaceholderValues
{
    /// <summary>Reads a placeholders file; throws <see cref="PlaceholderFileException"/> naming the file and the problem.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PlaceholderFileException($"{path}: cannot read placeholders file: {ex.Message}", ex);
        }

        return Parse(text, path);
    }

    /// <summary>Parses placeholders YAML; <paramref name="source"/> names it in errors.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Parse(string yaml, string source)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(source);
        List<YamlValue> documents;
        try
        {
            documents = YamlReader.ReadDocuments(yaml, RuleLoadOptions.Default);
        }
        catch (RuleCompileException ex)
        {
            throw new PlaceholderFileException($"{source}: {ex.Message}", ex);
        }

        var values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        if (documents.Count == 0 || documents is [YamlScalar { IsNull: true }])
        {
            return values;
        }

        if (documents is not [YamlMap map])
        {
            throw Invalid(source, documents[0], "must be one YAML map of placeholder name to a list of values, e.g. 'Servers: [srv01, srv02]'");
        }

        foreach (var (key, value) in map.Entries)
        {
            var name = key.Length > 2 && key[0] == '%' && key[^1] == '%' ? key[1..^1] : key;
            if (name.Length == 0 || name.Contains('%', StringComparison.Ordinal))
            {
                throw Invalid(source, value, $"placeholder name '{key}' must be a plain name such as 'Servers' (or '%Servers%')");
            }

            if (values.ContainsKey(name))
            {
                throw Invalid(source, value, $"placeholder '{name}' is defined twice (names ignore case)");
            }

            values[name] = value switch
            {
                YamlScalar { IsNull: false } scalar => [scalar.Value],
                YamlList list when list.Items.Count > 0 && list.Items.All(i => i is YamlScalar { IsNull: false }) =>
                    list.Items.Cast<YamlScalar>().Select(s => s.Value).ToList(),
                YamlList { Items.Count: 0 } or YamlScalar =>
                    throw Invalid(source, value, $"placeholder '{name}' has no values; list at least one, or remove it so rules using %{name}% are rejected"),
                _ => throw Invalid(source, value, $"placeholder '{name}' must be a string or a list of strings"),
            };
        }

        return values;
    }

    private static PlaceholderFileException Invalid(string source, YamlValue at, string reason) =>
        new($"{source}: {at.Position}: {reason}");
}
