namespace CyberAgg.Rules.LogSources;

/// <summary>What a logsource value without a mapping entry means for matching.</summary>
public enum UnmappedLogSourcePolicy
{
    /// <summary>
    /// Check the value against the ECS fields that name a source: <c>product</c> against
    /// <c>event.module</c>, <c>observer.product</c>, <c>observer.vendor</c> and <c>host.os.type</c>;
    /// <c>service</c> against <c>event.dataset</c>, <c>event.provider</c> and <c>Channel</c>;
    /// <c>category</c> against <c>event.category</c>. Rules for sources the events never name stay quiet.
    /// </summary>
    EcsFallback,

    /// <summary>The unmapped part does not restrict events; the rule's detection alone decides.</summary>
    Ignore,

    /// <summary>The rule can never match; for deployments that want only explicitly mapped sources.</summary>
    Reject,
}
