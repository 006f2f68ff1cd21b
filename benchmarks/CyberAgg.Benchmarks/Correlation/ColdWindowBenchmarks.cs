using BenchmarkDotNet.Attributes;
using CyberAgg.Correlator.Evaluation;
using CyberAgg.Events;
using CyberAgg.Events.Alerts;
using CyberAgg.Rules.Loading;

namespace CyberAgg.Benchmarks.Correlation;

/// <summary>
/// The bench's workload through a fresh evaluator, as the bench's stage profile runs it: 50 000 flagged events over
/// 10 000 indicators from six countries, event time moving on, the watermark advanced every 5 000 events. Every
/// group is created and most raise their cross-border alert, so this is the cost of opening windows and raising
/// alerts, beside the steady-state update of <see cref="CorrelationStateBenchmarks"/>. Per event.
/// </summary>
[MemoryDiagnoser]
public class ColdWindowBenchmarks
{
    private const int Events = 50_000;
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private readonly List<Alert> alerts = [];
    private SecurityEvent[] events = [];
    private RuleSet rules = null!;

    [GlobalSetup]
    public void Setup()
    {
        rules = RuleSet.LoadDirectory(SampleEvents.ShippedRules);
        var random = new Random(42);
        events = Enumerable.Range(0, Events).Select(i =>
        {
            var e = SampleEvents.Network(random.Next(10_000), 10_000, T0.AddMilliseconds(i / 500));
            e.EventId = i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);
            e.Partner = SampleEvents.Countries[i % 6].ToLowerInvariant() + "-cert";
            e.Country = SampleEvents.Countries[i % 6];
            return e;
        }).ToArray();
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public int EvaluateFreshWindows()
    {
        var evaluator = new RuleEvaluator(rules, TimeSpan.FromSeconds(1), detectionAlerts: false);
        alerts.Clear();
        for (var i = 0; i < events.Length; i++)
        {
            evaluator.Evaluate(events[i], alerts);
            if (i % 5_000 == 4_999)
            {
                evaluator.AdvanceWatermark(events[i].Timestamp - TimeSpan.FromSeconds(1), alerts);
            }
        }

        evaluator.Flush(alerts);
        return alerts.Count;
    }
}
