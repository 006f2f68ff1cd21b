using CyberAgg.Rules.Loading;

namespace CyberAgg.Rules.Detection.Compilation;

/// <summary>A detection map key split into its field name and ordered modifier chain.</summary>
internal sealed class FieldKey
{
    private static readonly Dictionary<string, Modifier> Known = new(StringComparer.Ordinal)
    {
        ["contains"] = Modifier.Contains,
        ["startswith"] = Modifier.StartsWith,
        ["endswith"] = Modifier.EndsWith,
        ["all"] = Modifier.All,
        ["re"] = Modifier.Regex,
        ["i"] = Modifier.RegexIgnoreCase,
        ["ignorecase"] = Modifier.RegexIgnoreCase,
        ["m"] = Modifier.RegexMultiline,
        ["multiline"] = Modifier.RegexMultiline,
        ["s"] = Modifier.RegexDotAll,
        ["dotall"] = Modifier.RegexDotAll,
        ["cidr"] = Modifier.Cidr,
        ["base64"] = Modifier.Base64,
        ["base64offset"] = Modifier.Base64Offset,
        ["windash"] = Modifier.Windash,
        ["exists"] = Modifier.Exists,
        ["gt"] = Modifier.GreaterThan,
        ["gte"] = Modifier.GreaterThanOrEqual,
        ["lt"] = Modifier.LessThan,
        ["lte"] = Modifier.LessThanOrEqual,
        ["neq"] = Modifier.NotEqual,
        ["fieldref"] = Modifier.FieldReference,
        ["cased"] = Modifier.Cased,
        ["wide"] = Modifier.Utf16LittleEndian,
        ["utf16le"] = Modifier.Utf16LittleEndian,
        ["utf16be"] = Modifier.Utf16BigEndian,
        ["utf16"] = Modifier.Utf16WithBom,
        ["expand"] = Modifier.Expand,
        ["minute"] = Modifier.Minute,
        ["hour"] = Modifier.Hour,
        ["day"] = Modifier.Day,
        ["week"] = Modifier.Week,
        ["month"] = Modifier.Month,
        ["year"] = Modifier.Year,
    };

    private FieldKey(string field, List<Modifier> modifiers)
    {
        Field = field;
        Modifiers = modifiers;
    }

    /// <summary>The field name; empty for a field-less keyword item such as <c>'|all'</c>.</summary>
    public string Field { get; }

    public IReadOnlyList<Modifier> Modifiers { get; }

    public bool Has(Modifier modifier) => Modifiers.Contains(modifier);

    public static FieldKey Parse(string key)
    {
        var parts = key.Split('|');
        var modifiers = new List<Modifier>(parts.Length - 1);
        for (var i = 1; i < parts.Length; i++)
        {
            var name = parts[i].Trim();
            if (!Known.TryGetValue(name.ToLowerInvariant(), out var modifier))
            {
                throw new RuleCompileException(RuleErrorCodes.UnknownModifier, $"unknown modifier '{name}' in '{key}'");
            }

            if (modifiers.Contains(modifier))
            {
                throw new RuleCompileException(RuleErrorCodes.InvalidModifier, $"modifier '{name}' repeated in '{key}'");
            }

            modifiers.Add(modifier);
        }

        return new FieldKey(parts[0].Trim(), modifiers);
    }
}
