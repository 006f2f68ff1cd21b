using System.Globalization;
using BenchmarkDotNet.Attributes;
using CyberAgg.Correlator.Evaluation;
using CyberAgg.Events;
using CyberAgg.Events.Alerts;
using CyberAgg.Rules.Loading;

namespace CyberAgg.Benchmarks.Correlation;

/// <summary>
/// The evaluate part of <c>cyberagg bench</c>'s "CPU per event by stage" (src/CyberAgg.Bench/Measurement/StageProfile):
/// its workload (batches of 500 flagged events, one partner and one event time per batch, batches 1 ms apart, 10 000
/// indicators, six countries), detection alone as the baseline, and detection with correlation through a fresh
/// evaluator, the watermark advanced every 5 000 events, then a flush. Evaluate minus the baseline is the bench's
/// "correlate" column. Per event. With <see cref="EarlyFiring"/> (the product's default), lower bounds also run over
/// the events as they arrive (correlator.early_firing).
/// </summary>
[MemoryDiagnoser]
public class StageProfileBenchmarks
{
    private const int Batches = 200;
    private const int PerBatch = 500;
    private const int Events = Batches * PerBatch;
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lateness = TimeSpan.FromSeconds(1);
    private readonly List<Alert> alerts = [];
    private readonly List<SecurityEvent> events = new(Events);
    private RuleSet rules = null!;
    private RuleEvaluator detector = null!;

    [Params(false, true)]
    public bool EarlyFiring { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        rules = RuleSet.LoadDirectory(SampleEvents.ShippedRules);
        detector = new RuleEvaluator(rules, Lateness, detectionAlerts: false);
        var random = new Random(42);
        long sequence = 0;
        for (var k = 0; k < Batches; k++)
        {
            var country = SampleEvents.Countries[k % SampleEvents.Countries.Length];
            for (var i = 0; i < PerBatch; i++)
            {
                var ip = random.Next(10_000);
                var e = SampleEvents.Network(ip, 10_000, T0.AddMilliseconds(k));
                e.EventId = (++sequence).ToString("x32", CultureInfo.InvariantCulture);
                e.Country = country;
                e.Partner = country.ToLowerInvariant() + "-cert";
                events.Add(e);
            }
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public int DetectOnly()
    {
        var matches = 0;
        foreach (var e in events)
        {
            matches += detector.Detect(e);
        }

        return matches;
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public int DetectAndCorrelate()
    {
        var evaluator = new RuleEvaluator(rules, Lateness, detectionAlerts: false, earlyFiring: EarlyFiring);
        alerts.Clear();
        var watermark = DateTimeOffset.MinValue;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            evaluator.Evaluate(e, alerts);
            if (e.Timestamp - Lateness > watermark)
            {
                watermark = e.Timestamp - Lateness;
            }

            if (i % 5_000 == 4_999)
            {
                evaluator.AdvanceWatermark(watermark, alerts);
            }
        }

        evaluator.Flush(alerts);
        return alerts.Count;
    }
}
