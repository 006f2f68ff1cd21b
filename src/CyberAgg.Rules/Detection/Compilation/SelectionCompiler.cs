using CyberAgg.Rules.Detection.Predicates;
using CyberAgg.Rules.Loading;
using CyberAgg.Rules.Yaml;

namespace CyberAgg.Rules.Detection.Compilation;

/// <summary>Compiles one search identifier: a map (AND), a list of maps (OR) or a keyword list.</summary>
internal static class SelectionCompiler
{
    public static EventPredicate Compile(string name, YamlValue selection, CompileContext context)
    {
        try
        {
            return selection switch
            {
                YamlMap map => CompileMap(map, context),
                YamlList list => CompileList(name, list, context),
                YamlScalar { IsNull: false } scalar => FieldItemCompiler.CompileKeywords([scalar], context),
                _ => throw new RuleCompileException(RuleErrorCodes.InvalidStructure, "must be a map, a list or a keyword"),
            };
        }
        catch (RuleCompileException ex)
        {
            throw new RuleCompileException(ex.Code, $"selection '{name}': {ex.Message}");
        }
    }

    public static EventPredicate CompileMap(YamlMap map, CompileContext context)
    {
        if (map.Entries.Count == 0)
        {
            throw new RuleCompileException(RuleErrorCodes.InvalidStructure, $"empty map ({map.Position})");
        }

        var parts = map.Entries.Select(e => FieldItemCompiler.Compile(e.Key, e.Value, context)).ToArray();
        return parts.Length == 1 ? parts[0] : new AndPredicate(parts);
    }

    private static EventPredicate CompileList(string name, YamlList list, CompileContext context)
    {
        if (list.Items.Count == 0)
        {
            throw new RuleCompileException(RuleErrorCodes.InvalidStructure, $"empty list ({list.Position})");
        }

        var keywords = new List<YamlScalar>();
        var alternatives = new List<EventPredicate>();
        foreach (var item in list.Items)
        {
            switch (item)
            {
                case YamlScalar { IsNull: false } scalar:
                    keywords.Add(scalar);
                    break;
                case YamlMap map:
                    alternatives.Add(CompileMap(map, context));
                    break;
                default:
                    throw new RuleCompileException(
                        RuleErrorCodes.InvalidStructure, $"list items of '{name}' must be keywords or maps ({item.Position})");
            }
        }

        if (keywords.Count > 0)
        {
            alternatives.Add(FieldItemCompiler.CompileKeywords(keywords, context));
        }

        return alternatives.Count == 1 ? alternatives[0] : new OrPredicate([.. alternatives]);
    }
}
