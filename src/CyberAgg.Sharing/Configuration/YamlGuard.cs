using CyberAgg.Configuration;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace CyberAgg.Sharing.Configuration;

/// <summary>Parses YAML defensively: bounded size and nesting, and no aliases, so a hostile file cannot exhaust the stack or memory.</summary>
internal static class YamlGuard
{
    public const int MaxBytes = 1 << 20;
    public const int MaxDepth = 16;

    /// <summary>Returns the root node, or null for an empty document.</summary>
    public static YamlNode? Load(string yaml, string source)
    {
        if (yaml.Length > MaxBytes)
        {
            throw new ConfigurationException(source, $"is {yaml.Length} characters; sharing.yaml is limited to {MaxBytes} (1 MiB).");
        }

        try
        {
            // The event parser is a state machine, not recursive, so it measures depth safely before the recursive
            // representation model is built.
            var parser = new Parser(new StringReader(yaml));
            var depth = 0;
            var documents = 0;
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case MappingStart or SequenceStart:
                        if (++depth > MaxDepth)
                        {
                            throw new ConfigurationException(source, $"nests deeper than {MaxDepth} levels at line {parser.Current.Start.Line}; sharing.yaml is flat lists of mappings.");
                        }

                        break;
                    case MappingEnd or SequenceEnd:
                        depth--;
                        break;
                    case AnchorAlias alias:
                        throw new ConfigurationException(source, $"uses the alias *{alias.Value} at line {alias.Start.Line}; anchors and aliases are not supported in sharing.yaml, write values out.");
                    case DocumentStart:
                        if (++documents > 1)
                        {
                            throw new ConfigurationException(source, "holds more than one YAML document; keep one.");
                        }

                        break;
                }
            }

            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        }
        catch (YamlException e)
        {
            throw new ConfigurationException(source, $"is not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
        }
    }
}
