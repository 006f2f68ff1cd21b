using CyberAgg.Rules.Yaml;

namespace CyberAgg.Rules.Loading;

/// <summary>One YAML document of a rule file, with where it came from.</summary>
internal sealed record ParsedDocument(YamlMap Map, string Source, int Index);
