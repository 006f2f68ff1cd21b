using System.Globalization;
using System.Text.RegularExpressions;
using CyberAgg.Rules.Detection.Matching;
using CyberAgg.Rules.Detection.Predicates;
using CyberAgg.Rules.Loading;
using CyberAgg.Rules.Yaml;

namespace CyberAgg.Rules.Detection.Compilation;

/// <summary>Compiles one <c>field|modifiers: values</c> item of a selection into a predicate.</summary>
internal static class FieldItemCompiler
{
    private static readonly Modifier[] Comparisons =
        [Modifier.GreaterThan, Modifier.GreaterThanOrEqual, Modifier.LessThan, Modifier.LessThanOrEqual];

    private static readonly Modifier[] TimeParts =
        [Modifier.Minute, Modifier.Hour, Modifier.Day, Modifier.Week, Modifier.Month, Modifier.Year];

    public static EventPredicate Compile(string rawKey, YamlValue value, CompileContext context)
    {
        var key = FieldKey.Parse(rawKey);
        var values = ScalarValues(rawKey, value);
        if (key.Has(Modifier.Exists))
        {
            return CompileExists(key, rawKey, values);
        }

        if (values.Exists(v => v.IsNull))
        {
            if (values.Count > 1 || key.Modifiers.Count > 0 || key.Field.Length == 0)
            {
                throw new RuleCompileException(
                    RuleErrorCodes.InvalidValue, $"'{rawKey}': null must be the only value and cannot take modifiers");
            }

            return new FieldNullPredicate(key.Field);
        }

        if (values.Count == 0)
        {
            throw new RuleCompileException(RuleErrorCodes.InvalidValue, $"'{rawKey}' has an empty value list");
        }

        if (key.Has(Modifier.FieldReference))
        {
            return CompileFieldReference(key, rawKey, values);
        }

        var groups = CompileMatchers(key, rawKey, values, context);
        var matchAll = key.Has(Modifier.All);
        if (key.Field.Length == 0)
        {
            if (key.Has(Modifier.NotEqual))
            {
                throw new RuleCompileException(RuleErrorCodes.InvalidModifier, $"'{rawKey}': neq needs a field");
            }

            return Combine(groups, matchAll, g => new KeywordPredicate(g, false, context.Options.KeywordFields), m => new KeywordPredicate(m, matchAll, context.Options.KeywordFields));
        }

        if (key.Has(Modifier.NotEqual))
        {
            return new FieldNotEqualPredicate(key.Field, groups.SelectMany(g => g).ToArray());
        }

        return Combine(groups, matchAll, g => new FieldValuePredicate(key.Field, g, false), m => new FieldValuePredicate(key.Field, m, matchAll));
    }

    /// <summary>Compiles a field-less keyword value list (a selection that is a list of strings).</summary>
    public static EventPredicate CompileKeywords(IReadOnlyList<YamlScalar> keywords, CompileContext context)
    {
        var groups = keywords.Select(k => new[] { KeywordMatcher(k.Value) }).ToList();
        return new KeywordPredicate(groups.SelectMany(g => g).ToArray(), false, context.Options.KeywordFields);
    }

    private static ValueMatcher KeywordMatcher(string keyword) =>
        PatternMatcherFactory.Create(SigmaPattern.Parse(keyword).WithLeadingStar().WithTrailingStar(), caseSensitive: false);

    private static EventPredicate Combine(
        List<ValueMatcher[]> groups,
        bool matchAll,
        Func<ValueMatcher[], EventPredicate> perGroup,
        Func<ValueMatcher[], EventPredicate> flat)
    {
        // With 'all', each original value must match, but the variants one value expands to
        // (windash, base64offset) are alternatives of each other.
        if (matchAll && groups.Exists(g => g.Length > 1))
        {
            return new AndPredicate(groups.Select(perGroup).ToArray());
        }

        return flat(groups.SelectMany(g => g).ToArray());
    }

    private static List<YamlScalar> ScalarValues(string rawKey, YamlValue value)
    {
        switch (value)
        {
            case YamlScalar scalar:
                return [scalar];
            case YamlList list:
                var result = new List<YamlScalar>(list.Items.Count);
                foreach (var item in list.Items)
                {
                    result.Add(item as YamlScalar ?? throw new RuleCompileException(
                        RuleErrorCodes.InvalidStructure, $"'{rawKey}': list items must be plain values ({item.Position})"));
                }

                return result;
            default:
                throw new RuleCompileException(
                    RuleErrorCodes.InvalidStructure, $"'{rawKey}': value must be a string, number or list ({value.Position})");
        }
    }

    private static FieldExistsPredicate CompileExists(FieldKey key, string rawKey, List<YamlScalar> values)
    {
        if (key.Modifiers.Count != 1 || values.Count != 1 || !values[0].TryGetBoolean(out var expected) || key.Field.Length == 0)
        {
            throw new RuleCompileException(
                RuleErrorCodes.InvalidModifier, $"'{rawKey}': exists takes a field, no other modifier, and true or false");
        }

        return new FieldExistsPredicate(key.Field, expected);
    }

    private static EventPredicate CompileFieldReference(FieldKey key, string rawKey, List<YamlScalar> values)
    {
        var allowed = new[] { Modifier.FieldReference, Modifier.Contains, Modifier.StartsWith, Modifier.EndsWith, Modifier.Cased, Modifier.NotEqual, Modifier.All };
        if (key.Field.Length == 0 || key.Modifiers.Any(m => !allowed.Contains(m)))
        {
            throw new RuleCompileException(
                RuleErrorCodes.InvalidModifier, $"'{rawKey}': fieldref combines only with contains, startswith, endswith, cased, neq and all");
        }

        var mode = key.Has(Modifier.Contains) ? FieldReferenceMode.Contains
            : key.Has(Modifier.StartsWith) ? FieldReferenceMode.StartsWith
            : key.Has(Modifier.EndsWith) ? FieldReferenceMode.EndsWith
            : FieldReferenceMode.Equals;
        var comparison = key.Has(Modifier.Cased) ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        var negate = key.Has(Modifier.NotEqual);
        if (key.Has(Modifier.All))
        {
            return new AndPredicate(values.Select(v => (EventPredicate)new FieldReferencePredicate(key.Field, [v.Value], mode, comparison, negate)).ToArray());
        }

        return new FieldReferencePredicate(key.Field, values.Select(v => v.Value).ToArray(), mode, comparison, negate);
    }

    private static List<ValueMatcher[]> CompileMatchers(FieldKey key, string rawKey, List<YamlScalar> values, CompileContext context)
    {
        if (key.Has(Modifier.Regex))
        {
            return values.Select(v => new ValueMatcher[] { CompileRegex(key, rawKey, v.Value, context) }).ToList();
        }

        RejectOrphanRegexFlags(key, rawKey);
        if (key.Has(Modifier.Cidr))
        {
            RequireOnly(key, rawKey, Modifier.Cidr, Modifier.All, Modifier.NotEqual);
            return values.Select(v => new ValueMatcher[] { new CidrMatcher(v.Value) }).ToList();
        }

        var timePart = TimeParts.Where(key.Has).ToList();
        var comparison = Comparisons.Where(key.Has).ToList();
        if (timePart.Count > 0 || comparison.Count > 0)
        {
            return CompileNumeric(key, rawKey, values, timePart, comparison);
        }

        return StringValueCompiler.Compile(key, rawKey, values, context);
    }

    private static List<ValueMatcher[]> CompileNumeric(
        FieldKey key, string rawKey, List<YamlScalar> values, List<Modifier> timePart, List<Modifier> comparison)
    {
        if (timePart.Count > 1 || comparison.Count > 1)
        {
            throw new RuleCompileException(RuleErrorCodes.InvalidModifier, $"'{rawKey}': use one comparison and one time part at most");
        }

        RequireOnly(key, rawKey, [.. timePart, .. comparison, Modifier.All, Modifier.NotEqual]);
        var op = comparison.Count == 0 ? NumericComparison.Equal : comparison[0] switch
        {
            Modifier.GreaterThan => NumericComparison.GreaterThan,
            Modifier.GreaterThanOrEqual => NumericComparison.GreaterThanOrEqual,
            Modifier.LessThan => NumericComparison.LessThan,
            _ => NumericComparison.LessThanOrEqual,
        };
        return values.Select(v =>
        {
            if (!double.TryParse(v.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold))
            {
                throw new RuleCompileException(RuleErrorCodes.InvalidValue, $"'{rawKey}': '{v.Value}' is not a number");
            }

            ValueMatcher matcher = timePart.Count == 0
                ? new NumericMatcher(op, threshold)
                : new TimePartMatcher((TimePart)(timePart[0] - Modifier.Minute), op, threshold);
            return new[] { matcher };
        }).ToList();
    }

    private static RegexMatcher CompileRegex(FieldKey key, string rawKey, string pattern, CompileContext context)
    {
        RequireOnly(key, rawKey, Modifier.Regex, Modifier.RegexIgnoreCase, Modifier.RegexMultiline, Modifier.RegexDotAll, Modifier.All, Modifier.NotEqual, Modifier.Cased);
        var options = RegexOptions.None;
        if (key.Has(Modifier.RegexIgnoreCase))
        {
            options |= RegexOptions.IgnoreCase;
        }

        if (key.Has(Modifier.RegexMultiline))
        {
            options |= RegexOptions.Multiline;
        }

        if (key.Has(Modifier.RegexDotAll))
        {
            options |= RegexOptions.Singleline;
        }

        return new RegexMatcher(pattern, options, context.Options.RegexMatchTimeout, context.Counters);
    }

    private static void RejectOrphanRegexFlags(FieldKey key, string rawKey)
    {
        if (key.Has(Modifier.RegexIgnoreCase) || key.Has(Modifier.RegexMultiline) || key.Has(Modifier.RegexDotAll))
        {
            throw new RuleCompileException(RuleErrorCodes.InvalidModifier, $"'{rawKey}': i, m and s only apply after re");
        }
    }

    internal static void RequireOnly(FieldKey key, string rawKey, params Modifier[] allowed)
    {
        foreach (var modifier in key.Modifiers)
        {
            if (!allowed.Contains(modifier))
            {
                throw new RuleCompileException(
                    RuleErrorCodes.InvalidModifier,
                    $"'{rawKey}': modifier '{modifier.ToString().ToLowerInvariant()}' cannot be combined with '{allowed[0].ToString().ToLowerInvariant()}'");
            }
        }
    }
}
