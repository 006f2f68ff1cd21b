namespace CyberAgg.Rules.Loading;

/// <summary>Stable, short reason codes for rule diagnostics, so failures can be grouped and counted.</summary>
public static class RuleErrorCodes
{
    public const string InvalidYaml = "invalid-yaml";
    public const string InputTooLarge = "input-too-large";
    public const string InvalidStructure = "invalid-structure";
    public const string MissingField = "missing-field";
    public const string UnknownModifier = "unknown-modifier";
    public const string InvalidModifier = "invalid-modifier-combination";
    public const string InvalidValue = "invalid-value";
    public const string InvalidRegex = "invalid-regex";
    public const string InvalidCondition = "invalid-condition";
    public const string UnknownIdentifier = "unknown-identifier";
    public const string UnsupportedFeature = "unsupported-feature";
    public const string UnresolvedReference = "unresolved-reference";
    public const string DuplicateId = "duplicate-id";
    public const string DuplicateName = "duplicate-name";
    public const string UnknownKey = "unknown-key";
    public const string IoError = "io-error";
    public const string InternalError = "internal-error";
}
