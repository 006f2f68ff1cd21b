namespace CyberAgg.Rules.Detection.Matching;

/// <summary>Per-rule runtime counters shared by its matchers; updated atomically from any thread.</summary>
internal sealed class RuleCounters
{
    private long _regexTimeouts;

    public long RegexTimeouts => Interlocked.Read(ref _regexTimeouts);

    public void CountRegexTimeout() => Interlocked.Increment(ref _regexTimeouts);
}
