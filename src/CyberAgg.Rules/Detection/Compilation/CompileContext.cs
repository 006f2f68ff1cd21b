using CyberAgg.Rules.Detection.Matching;
using CyberAgg.Rules.Loading;

namespace CyberAgg.Rules.Detection.Compilation;

/// <summary>What compiling one rule needs: the options and the rule's runtime counters.</summary>
internal sealed class CompileContext(RuleLoadOptions options, RuleCounters counters)
{
    public RuleLoadOptions Options { get; } = options;

    public RuleCounters Counters { get; } = counters;
}
