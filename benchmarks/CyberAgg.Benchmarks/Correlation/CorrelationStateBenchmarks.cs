using BenchmarkDotNet.Attributes;
using CyberAgg.Correlator.Evaluation;
using CyberAgg.Events;
using CyberAgg.Events.Alerts;
using CyberAgg.Rules.Loading;

namespace CyberAgg.Benchmarks.Correlation;

/// <summary>
/// Updating cross-border correlation state (the shipped rules, 10 000 indicators, six countries) on event time: each
/// invocation moves the batch one minute of event time on, evaluates it and advances the watermark past it, as the
/// pipeline does per batch, so every event is buffered, released and applied to its group. The baseline is the same
/// events unflagged, which pass detection but touch no correlation state. With <see cref="EarlyFiring"/> (the
/// product's default) lower bounds also see each event as it arrives.
/// </summary>
[MemoryDiagnoser]
public class CorrelationStateBenchmarks
{
    private const int Events = 10_000;
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private readonly List<Alert> alerts = [];
    private SecurityEvent[] flagged = [];
    private SecurityEvent[] unflagged = [];
    private RuleEvaluator evaluator = null!;
    private int round;

    [Params(false, true)]
    public bool EarlyFiring { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rules = RuleSet.LoadDirectory(SampleEvents.ShippedRules);
        evaluator = new RuleEvaluator(rules, TimeSpan.FromSeconds(1), detectionAlerts: false, earlyFiring: EarlyFiring);
        flagged = Enumerable.Range(0, Events).Select(i => SampleEvents.Network(i * 7, 10_000, T0)).ToArray();
        unflagged = Enumerable.Range(0, Events).Select(i =>
        {
            var e = SampleEvents.Network(i * 7, 10_000, T0, kind: "event");
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
        var start = T0.AddMinutes(++round);
        for (var i = 0; i < events.Length; i++)
        {
            var e = events[i];
            e.Timestamp = start.AddTicks(i * TimeSpan.TicksPerMillisecond * 5);
            evaluator.Evaluate(e, alerts);
        }

        evaluator.AdvanceWatermark(start.AddMinutes(1), alerts);
        return alerts.Count;
    }
}
