namespace CyberAgg.Rules.Yaml;

/// <summary>Minimal YAML tree built iteratively so hostile nesting cannot overflow the stack.</summary>
internal abstract class YamlValue(int line, int column)
{
    public int Line { get; } = line;

    public int Column { get; } = column;

    public string Position => $"line {Line}, column {Column}";
}
