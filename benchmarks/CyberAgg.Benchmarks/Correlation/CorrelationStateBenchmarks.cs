using BenchmarkDotNet.Attributes;
using CyberAgg.Correlator.Evaluation;
using CyberAgg.Events;
using CyberAgg.Events.Alerts;
using CyberAgg.Rules.Loading;

namespace CyberAgg.Benchmarks.Correlation;

/// <summary>
/// Updating cross-border correlation state (the shipped rules, 10 000 indicators, six countries), against the same
/// events unflagged, which pass detection but touch no correlation state.
/// </summary>
[MemoryDiagnoser]
public class CorrelationStateBenchmarks
{
    private const int Events = 10_000;
    private readonly List<Alert> alerts = [];
    private SecurityEvent[] flagged = [];
    private SecurityEvent[] unflagged = [];
    private RuleEvaluator evaluator = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rules = RuleSet.LoadDirectory(SampleEvents.ShippedRules);
        evaluator = new RuleEvaluator(rules, TimeSpan.FromHours(1), detectionAlerts: false);
        var at = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        flagged = Enumerable.Range(0, Events).Select(i => SampleEvents.Network(i * 7, 10_000, at)).ToArray();
        unflagged = Enumerable.Range(0, Events).Select(i =>
        {
            var e = SampleEvents.Network(i * 7, 10_000, at, kind: "event");
            e.Severity = 1;
            return e;
        }).ToArray();

        // Warm the state so the measured calls update existing groups, as in steady state.
        Run(flagged);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public int DetectionOnly() => Run(unflagged);

    [Benchmark(OperationsPerInvoke = Events)]
    public int UpdateCorrelationState() => Run(flagged);

    private int Run(SecurityEvent[] events)
    {
        alerts.Clear();
        foreach (var e in events)
        {
            evaluator.Evaluate(e, alerts);
        }

        return alerts.Count;
    }
}
