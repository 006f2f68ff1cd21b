using CyberAgg.Configuration;
using YamlDotNet.RepresentationModel;

namespace CyberAgg.Sharing.Configuration;

/// <summary>A YAML mapping with its dotted path, whose accessors throw errors that name the offending key.</summary>
internal sealed class YamlSection
{
    private readonly YamlMappingNode node;

    public YamlSection(YamlNode? node, string path)
    {
        Path = path;
        this.node = node as YamlMappingNode
            ?? throw new ConfigurationException(path, "must be a mapping of key: value pairs.");
    }

    public string Path { get; }

    public string Key(string name) => Path.Length == 0 ? name : $"{Path}.{name}";

    /// <summary>Fails on the first key not in <paramref name="known"/>, listing the known ones.</summary>
    public void RejectUnknown(params string[] known)
    {
        foreach (var child in node.Children.Keys)
        {
            var name = (child as YamlScalarNode)?.Value ?? "";
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                throw new ConfigurationException(Key(name), $"is not a known setting; known keys here are {string.Join(", ", known)}.");
            }
        }
    }

    public YamlNode? Child(string name) =>
        node.Children.TryGetValue(new YamlScalarNode(name), out var child) ? child : null;

    public string? OptionalString(string name)
    {
        var child = Child(name);
        return child switch
        {
            null => null,
            YamlScalarNode scalar => scalar.Value,
            _ => throw new ConfigurationException(Key(name), "must be a single value, not a list or mapping."),
        };
    }

    public string RequiredString(string name, int maxLength)
    {
        var value = OptionalString(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ConfigurationException(Key(name), "is required.");
        }

        if (value.Length > maxLength || value.Any(char.IsControl))
        {
            throw new ConfigurationException(Key(name), $"must be at most {maxLength} printable characters.");
        }

        return value;
    }

    public bool OptionalBool(string name, bool defaultValue)
    {
        var value = OptionalString(name);
        return value switch
        {
            null => defaultValue,
            "true" or "True" or "TRUE" => true,
            "false" or "False" or "FALSE" => false,
            _ => throw new ConfigurationException(Key(name), $"'{Truncate(value)}' is not true or false."),
        };
    }

    /// <summary>A list of scalars; null when absent.</summary>
    public IReadOnlyList<(string Value, string Key)>? OptionalStringList(string name, int maxCount)
    {
        var child = Child(name);
        if (child is null)
        {
            return null;
        }

        if (child is not YamlSequenceNode sequence)
        {
            throw new ConfigurationException(Key(name), "must be a list, e.g. [a, b].");
        }

        if (sequence.Children.Count > maxCount)
        {
            throw new ConfigurationException(Key(name), $"has {sequence.Children.Count} entries; at most {maxCount} are allowed.");
        }

        return sequence.Children.Select((item, i) => item is YamlScalarNode { Value: { } v }
                ? (v, $"{Key(name)}[{i}]")
                : throw new ConfigurationException($"{Key(name)}[{i}]", "must be a single value."))
            .ToArray();
    }

    /// <summary>A list of mappings; empty when absent.</summary>
    public IReadOnlyList<YamlSection> Sections(string name, int maxCount)
    {
        var child = Child(name);
        if (child is null)
        {
            return [];
        }

        if (child is not YamlSequenceNode sequence)
        {
            throw new ConfigurationException(Key(name), "must be a list of mappings (each entry starting with '- ').");
        }

        if (sequence.Children.Count > maxCount)
        {
            throw new ConfigurationException(Key(name), $"has {sequence.Children.Count} entries; at most {maxCount} are allowed.");
        }

        return sequence.Children.Select((item, i) => new YamlSection(item, $"{Key(name)}[{i}]")).ToArray();
    }

    /// <summary>Shortens a value quoted back in an error, so a hostile value cannot flood logs.</summary>
    public static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "…";
}
