namespace CyberAgg.Rules.Yaml;

/// <summary>A YAML scalar; plain (unquoted) scalars can be null, booleans or numbers.</summary>
internal sealed class YamlScalar(string value, bool isPlain, int line, int column) : YamlValue(line, column)
{
    public string Value { get; } = value;

    public bool IsPlain { get; } = isPlain;

    public bool IsNull => IsPlain && (Value.Length == 0 || Value is "~" || Value.Equals("null", StringComparison.OrdinalIgnoreCase));

    public bool TryGetBoolean(out bool value)
    {
        if (IsPlain && bool.TryParse(Value, out value))
        {
            return true;
        }

        value = false;
        return false;
    }

    public override string ToString() => Value;
}
