using CyberAgg.Rules.Loading;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace CyberAgg.Rules.Yaml;

/// <summary>Reads multi-document YAML into <see cref="YamlValue"/> trees with size and depth limits.</summary>
/// <remarks>
/// Works on the parser's event stream with an explicit stack rather than YamlDotNet's recursive
/// representation model: rule files come from partners and must not be able to crash the process
/// with deep nesting or alias expansion.
/// </remarks>
internal static class YamlReader
{
    public static List<YamlValue> ReadDocuments(string text, RuleLoadOptions options)
    {
        if (text.Length > options.MaxRuleFileChars)
        {
            throw new RuleCompileException(
                RuleErrorCodes.InputTooLarge,
                $"rule text has {text.Length} characters, more than the limit of {options.MaxRuleFileChars}");
        }

        var documents = new List<YamlValue>();
        var stack = new Stack<YamlValue>();
        var pendingKeys = new Stack<string?>();
        var nodeCount = 0;
        using var reader = new StringReader(text);
        var parser = new Parser(reader);
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                switch (current)
                {
                    case MappingStart start:
                        Push(new YamlMap((int)start.Start.Line, (int)start.Start.Column));
                        break;
                    case SequenceStart start:
                        Push(new YamlList((int)start.Start.Line, (int)start.Start.Column));
                        break;
                    case MappingEnd or SequenceEnd:
                        var finished = stack.Pop();
                        pendingKeys.Pop();
                        Attach(finished);
                        break;
                    case Scalar scalar:
                        CountNode(scalar.Start);
                        Attach(new YamlScalar(scalar.Value, scalar.Style == ScalarStyle.Plain, (int)scalar.Start.Line, (int)scalar.Start.Column));
                        break;
                    case AnchorAlias alias:
                        throw new RuleCompileException(
                            RuleErrorCodes.InvalidYaml,
                            $"YAML aliases (*{alias.Value}) are not supported in rules (line {alias.Start.Line})");
                }
            }
        }
        catch (YamlException ex)
        {
            throw new RuleCompileException(
                RuleErrorCodes.InvalidYaml,
                $"invalid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}");
        }

        return documents;

        void Push(YamlValue node)
        {
            if (stack.Count >= options.MaxYamlDepth)
            {
                throw new RuleCompileException(
                    RuleErrorCodes.InputTooLarge,
                    $"YAML nesting deeper than {options.MaxYamlDepth} levels at {node.Position}");
            }

            CountNode(default);
            stack.Push(node);
            pendingKeys.Push(null);
        }

        void CountNode(Mark mark)
        {
            if (++nodeCount > options.MaxYamlNodes)
            {
                throw new RuleCompileException(
                    RuleErrorCodes.InputTooLarge,
                    $"more than {options.MaxYamlNodes} YAML nodes (near line {mark.Line})");
            }
        }

        void Attach(YamlValue node)
        {
            if (stack.Count == 0)
            {
                documents.Add(node);
                return;
            }

            switch (stack.Peek())
            {
                case YamlList list:
                    list.Items.Add(node);
                    break;
                case YamlMap map:
                    var key = pendingKeys.Pop();
                    if (key is null)
                    {
                        if (node is not YamlScalar keyScalar)
                        {
                            throw new RuleCompileException(
                                RuleErrorCodes.InvalidYaml, $"mapping keys must be scalars ({node.Position})");
                        }

                        if (map.ContainsKey(keyScalar.Value))
                        {
                            throw new RuleCompileException(
                                RuleErrorCodes.InvalidYaml, $"duplicate key '{keyScalar.Value}' ({node.Position})");
                        }

                        pendingKeys.Push(keyScalar.Value);
                    }
                    else
                    {
                        map.Entries.Add(new KeyValuePair<string, YamlValue>(key, node));
                        pendingKeys.Push(null);
                    }

                    break;
            }
        }
    }
}
