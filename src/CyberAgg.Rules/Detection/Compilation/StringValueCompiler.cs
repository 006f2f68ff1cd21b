using System.Text;
using CyberAgg.Rules.Detection.Matching;
using CyberAgg.Rules.Loading;
using CyberAgg.Rules.Yaml;

namespace CyberAgg.Rules.Detection.Compilation;

/// <summary>
/// The string modifier pipeline: placeholders, encodings and windash expand each value into
/// variants, then the position modifiers and <c>cased</c> pick the matcher for every variant.
/// </summary>
internal static class StringValueCompiler
{
    private static readonly Modifier[] Allowed =
    [
        Modifier.Contains, Modifier.StartsWith, Modifier.EndsWith, Modifier.All, Modifier.Base64,
        Modifier.Base64Offset, Modifier.Windash, Modifier.NotEqual, Modifier.Cased, Modifier.Utf16LittleEndian,
        Modifier.Utf16BigEndian, Modifier.Utf16WithBom, Modifier.Expand,
    ];

    public static List<ValueMatcher[]> Compile(FieldKey key, string rawKey, List<YamlScalar> values, CompileContext context)
    {
        foreach (var modifier in key.Modifiers)
        {
            if (!Allowed.Contains(modifier))
            {
                throw new RuleCompileException(
                    RuleErrorCodes.InvalidModifier, $"'{rawKey}': '{modifier.ToString().ToLowerInvariant()}' does not apply to string values here");
            }
        }

        var positions = key.Modifiers.Count(m => m is Modifier.Contains or Modifier.StartsWith or Modifier.EndsWith);
        if (positions > 1)
        {
            throw new RuleCompileException(RuleErrorCodes.InvalidModifier, $"'{rawKey}': use only one of contains, startswith, endswith");
        }

        var limit = context.Options.MaxExpandedValues;
        var caseSensitive = key.Has(Modifier.Cased);
        var result = new List<ValueMatcher[]>(values.Count);
        var total = 0;
        foreach (var value in values)
        {
            var variants = ExpandValue(key, rawKey, value.Value, context);
            total += variants.Count;
            if (total > limit)
            {
                throw new RuleCompileException(RuleErrorCodes.InputTooLarge, $"'{rawKey}' expands to more than {limit} values");
            }

            result.Add(variants.Select(p => PatternMatcherFactory.Create(Position(key, p), caseSensitive)).ToArray());
        }

        return result;
    }

    private static SigmaPattern Position(FieldKey key, SigmaPattern pattern)
    {
        if (key.Has(Modifier.Contains) || (key.Field.Length == 0 && !key.Has(Modifier.StartsWith) && !key.Has(Modifier.EndsWith)))
        {
            // Field-less keywords are full-text searches, so they match anywhere in a value.
            return pattern.WithLeadingStar().WithTrailingStar();
        }

        if (key.Has(Modifier.StartsWith))
        {
            return pattern.WithTrailingStar();
        }

        return key.Has(Modifier.EndsWith) ? pattern.WithLeadingStar() : pattern;
    }

    private static List<SigmaPattern> ExpandValue(FieldKey key, string rawKey, string raw, CompileContext context)
    {
        var texts = key.Has(Modifier.Expand) ? ExpandPlaceholders(rawKey, raw, context.Options) : [raw];
        var patterns = new List<SigmaPattern>();
        foreach (var text in texts)
        {
            patterns.AddRange(Encode(key, rawKey, text, context.Options.MaxExpandedValues));
        }

        return patterns;
    }

    private static List<SigmaPattern> Encode(FieldKey key, string rawKey, string text, int limit)
    {
        var patterns = new List<SigmaPattern> { SigmaPattern.Parse(text) };
        byte[]? bytes = null;
        foreach (var modifier in key.Modifiers)
        {
            switch (modifier)
            {
                case Modifier.Utf16LittleEndian or Modifier.Utf16BigEndian or Modifier.Utf16WithBom:
                    bytes = ValueEncoder.Utf16(PlainText(rawKey, patterns), modifier);
                    break;
                case Modifier.Base64:
                    bytes ??= Encoding.UTF8.GetBytes(PlainText(rawKey, patterns));
                    patterns = [SigmaPattern.Literal(ValueEncoder.Base64(bytes))];
                    bytes = null;
                    break;
                case Modifier.Base64Offset:
                    bytes ??= Encoding.UTF8.GetBytes(PlainText(rawKey, patterns));
                    patterns = ValueEncoder.Base64Offsets(bytes).Select(SigmaPattern.Literal).ToList();
                    bytes = null;
                    break;
                case Modifier.Windash:
                    patterns = patterns.SelectMany(p => p.ExpandWindash(limit)).ToList();
                    break;
            }
        }

        if (bytes is not null)
        {
            throw new RuleCompileException(
                RuleErrorCodes.InvalidModifier, $"'{rawKey}': utf16/wide must be followed by base64 or base64offset");
        }

        return patterns;
    }

    private static string PlainText(string rawKey, List<SigmaPattern> patterns)
    {
        if (patterns.Count != 1 || patterns[0].TryGetPlainText() is not { } text)
        {
            throw new RuleCompileException(
                RuleErrorCodes.InvalidModifier, $"'{rawKey}': encoding modifiers need a single value without wildcards");
        }

        return text;
    }

    private static List<string> ExpandPlaceholders(string rawKey, string raw, RuleLoadOptions options)
    {
        var results = new List<string> { string.Empty };
        var i = 0;
        while (i < raw.Length)
        {
            if (raw[i] == '\\' && i + 1 < raw.Length && raw[i + 1] == '%')
            {
                Append("%");
                i += 2;
                continue;
            }

            var close = raw[i] == '%' ? raw.IndexOf('%', i + 1) : -1;
            if (close < 0)
            {
                Append(raw[i].ToString());
                i++;
                continue;
            }

            var name = raw[(i + 1)..close];
            if (!options.Placeholders.TryGetValue(name, out var replacements) || replacements.Count == 0)
            {
                throw new RuleCompileException(
                    RuleErrorCodes.UnsupportedFeature, $"'{rawKey}': placeholder %{name}% has no configured values; give it values in a placeholders file (--placeholders FILE, see docs/rules.md)");
            }

            results = results.SelectMany(prefix => replacements.Select(r => prefix + r)).ToList();
            if (results.Count > options.MaxExpandedValues)
            {
                throw new RuleCompileException(RuleErrorCodes.InputTooLarge, $"'{rawKey}': placeholders expand to too many values");
            }

            i = close + 1;
        }

        return results;

        void Append(string text)
        {
            for (var r = 0; r < results.Count; r++)
            {
                results[r] += text;
            }
        }
    }
}
