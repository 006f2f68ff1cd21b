using System.Globalization;
using CyberAgg.Configuration;
using Microsoft.Extensions.Configuration;

namespace CyberAgg.Agent.Settings;

/// <summary>
/// Reads one configuration section by hand, so that every error names the dotted key and the fix, unknown keys are
/// refused (a typo must not silently fall back to a default), and trimming keeps working (no reflection binding).
/// </summary>
internal sealed class SectionReader
{
    private readonly IConfigurationSection _section;
    private readonly HashSet<string> _known = new(StringComparer.OrdinalIgnoreCase);

    public SectionReader(IConfiguration configuration, string path)
    {
        _section = configuration.GetSection(path.Replace('.', ':'));
        Path = path;
    }

    /// <summary>The dotted path of the section, e.g. <c>inputs.0</c>.</summary>
    public string Path { get; }

    public bool Exists => _section.Exists();

    public string Key(string name) => $"{Path}.{name}";

    public string? String(string name)
    {
        _known.Add(name);
        var value = _section[name];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    public string RequiredString(string name, string fix) =>
        String(name) ?? throw new ConfigurationException(Key(name), $"is required; {fix}");

    public long Long(string name, long fallback, long min, long max)
    {
        var text = String(name);
        if (text is null)
        {
            return fallback;
        }

        if (!TryParseSize(text, out var value) || value < min || value > max)
        {
            throw new ConfigurationException(Key(name), $"'{text}' is not a whole number from {min} to {max} (sizes may end in KiB, MiB or GiB).");
        }

        return value;
    }

    public int Int(string name, int fallback, int min, int max) => (int)Long(name, fallback, min, max);

    public bool Bool(string name, bool fallback)
    {
        var text = String(name);
        return text is null ? fallback : text.ToLowerInvariant() switch
        {
            "true" or "yes" or "on" or "1" => true,
            "false" or "no" or "off" or "0" => false,
            _ => throw new ConfigurationException(Key(name), $"'{text}' is not true or false."),
        };
    }

    public T Enum<T>(string name, T fallback, params (string Text, T Value)[] choices)
    {
        var text = String(name);
        if (text is null)
        {
            return fallback;
        }

        foreach (var (choice, value) in choices)
        {
            if (string.Equals(choice, text, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        throw new ConfigurationException(Key(name), $"'{text}' is not one of {string.Join(", ", choices.Select(c => c.Text))}.");
    }

    /// <summary>A list written as a YAML sequence, or as one comma-separated string (handy in <c>--set</c>).</summary>
    public IReadOnlyList<string> List(string name)
    {
        _known.Add(name);
        var node = _section.GetSection(name);
        if (node.Value is { } single)
        {
            return single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        return node.GetChildren().OrderBy(c => int.TryParse(c.Key, CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue)
            .Select(c => c.Value).OfType<string>().Where(v => v.Length > 0).ToArray();
    }

    /// <summary>Marks a key as understood without reading it here (a subsection read by another reader).</summary>
    public void Allow(string name) => _known.Add(name);

    /// <summary>Call after reading every key: refuses keys nobody asked for.</summary>
    public void RejectUnknown()
    {
        foreach (var child in _section.GetChildren())
        {
            if (!_known.Contains(child.Key))
            {
                throw new ConfigurationException(Key(child.Key), $"is not a known setting; known keys of {Path} are {string.Join(", ", _known.Order(StringComparer.Ordinal))}.");
            }
        }
    }

    private static bool TryParseSize(string text, out long value)
    {
        var units = new (string Suffix, long Factor)[] { ("gib", 1L << 30), ("mib", 1L << 20), ("kib", 1L << 10), ("gb", 1_000_000_000), ("mb", 1_000_000), ("kb", 1000) };
        var lower = text.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
        foreach (var (suffix, factor) in units)
        {
            if (lower.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(lower[..^suffix.Length].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var scaled))
            {
                value = (long)(scaled * factor);
                return true;
            }
        }

        return long.TryParse(lower, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    }
}
