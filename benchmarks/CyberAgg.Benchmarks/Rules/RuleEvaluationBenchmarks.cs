using System.Text;
using BenchmarkDotNet.Attributes;
using CyberAgg.Correlator.Evaluation;
using CyberAgg.Events;
using CyberAgg.Events.Alerts;
using CyberAgg.Rules.Loading;

namespace CyberAgg.Benchmarks.Rules;

/// <summary>
/// Per-event cost with 1, 100 and 3 000 Sigma rules (the shipped cross-border set plus the first N of
/// ../shared/sigma/rules): the index should keep it nearly flat. Ratios are against one rule.
/// </summary>
[MemoryDiagnoser]
public class RuleEvaluationBenchmarks
{
    private const int Events = 1_000;
    private readonly List<Alert> alerts = [];
    private SecurityEvent[] events = [];
    private RuleEvaluator evaluator = null!;

    [Params(1, 100, 3000)]
    public int Rules { get; set; }

    public int LoadedRules { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder();
        var files = SampleEvents.SigmaRules() is { } sigma
            ? Directory.EnumerateFiles(sigma, "*.yml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(Rules).ToList()
            : throw new InvalidOperationException("../shared/sigma/rules was not found next to the repository.");
        foreach (var file in files)
        {
            text.Append(File.ReadAllText(file)).Append("\n---\n");
        }

        var rules = RuleSet.Parse(text.ToString(), "sigma");
        LoadedRules = rules.DetectionRules.Count;
        evaluator = new RuleEvaluator(rules, TimeSpan.FromHours(1), detectionAlerts: false);
        var at = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        events = Enumerable.Range(0, Events).Select(i => i % 2 == 0 ? SampleEvents.ProcessCreation(i, at) : SampleEvents.Network(i, 10_000, at)).ToArray();
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public int Evaluate()
    {
        alerts.Clear();
        foreach (var e in events)
        {
            evaluator.Evaluate(e, alerts);
        }

        return alerts.Count;
    }
}
