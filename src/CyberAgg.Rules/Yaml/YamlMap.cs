using System.Diagnostics.CodeAnalysis;

namespace CyberAgg.Rules.Yaml;

/// <summary>A YAML mapping with scalar keys, in document order.</summary>
internal sealed class YamlMap(int line, int column) : YamlValue(line, column)
{
    public List<KeyValuePair<string, YamlValue>> Entries { get; } = [];

    public bool TryGet(string key, [NotNullWhen(true)] out YamlValue? value)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key == key)
            {
                value = entry.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    public bool ContainsKey(string key) => TryGet(key, out _);

    /// <summary>Returns the scalar text of <paramref name="key"/>, or null when it is absent or null.</summary>
    public string? GetString(string key) =>
        TryGet(key, out var value) && value is YamlScalar { IsNull: false } scalar ? scalar.Value : null;
}
