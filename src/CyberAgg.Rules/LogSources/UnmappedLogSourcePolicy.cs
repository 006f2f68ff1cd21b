namespace CyberAgg.Rules.LogSources;

/// <summary>What a logsource value without a mapping entry means for matching.</summary>
public enum UnmappedLogSourcePolicy
{
    /// <summary>The unmapped part does not restrict events; the rule's detection alone decides.</summary>
    Ignore,

    /// <summary>The rule can never match; for deployments that want only explicitly mapped sources.</summary>
    Reject,
}
