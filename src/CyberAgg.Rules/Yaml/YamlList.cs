namespace CyberAgg.Rules.Yaml;

/// <summary>A YAML sequence.</summary>
internal sealed class YamlList(int line, int column) : YamlValue(line, column)
{
    public List<YamlValue> Items { get; } = [];
}
