using BenchmarkDotNet.Attributes;
using CyberAgg.Correlator.Evaluation;
using CyberAgg.Events;
using CyberAgg.Events.Alerts;
using CyberAgg.Rules.Loading;

namespace CyberAgg.Benchmarks.Rules;

/// <summary>
/// Issue 16 goal 5: every rule under ../shared/sigma/rules compiled together, over Windows-shaped events (Sysmon
/// process creation, network connection, registry set, PowerShell script block), against the shipped rules over the
/// same events. Per event.
/// </summary>
[MemoryDiagnoser]
public class SigmaCorpusBenchmarks
{
    private const int Events = 4_000;
    private readonly List<Alert> alerts = [];
    private SecurityEvent[] events = [];
    private RuleEvaluator corpus = null!;
    private RuleEvaluator shipped = null!;

    /// <summary>Detection rules the corpus compiled to (printed by the setup, for the README).</summary>
    public static int LoadedRules { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        var sigma = SampleEvents.SigmaRules() ?? throw new InvalidOperationException("../shared/sigma/rules was not found next to the repository.");
        var rules = RuleSet.LoadDirectory(sigma);
        LoadedRules = rules.DetectionRules.Count;
        Console.WriteLine($"// Sigma corpus: {rules.DetectionRules.Count} detection and {rules.CorrelationRules.Count} correlation rules of {rules.AttemptedRuleCount} attempted ({rules.FailedRuleCount} failed)");
        corpus = new RuleEvaluator(rules, TimeSpan.FromHours(1), detectionAlerts: true);
        shipped = new RuleEvaluator(RuleSet.LoadDirectory(SampleEvents.ShippedRules), TimeSpan.FromHours(1), detectionAlerts: true);
        var at = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        events = Enumerable.Range(0, Events).Select(i => (i % 4) switch
        {
            0 => WindowsEvents.ProcessCreation(i, at),
            1 => WindowsEvents.NetworkConnection(i, at),
            2 => WindowsEvents.RegistrySet(i, at),
            _ => WindowsEvents.PowerShellScript(i, at),
        }).ToArray();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public int ShippedRules() => Run(shipped);

    [Benchmark(OperationsPerInvoke = Events)]
    public int FullSigmaCorpus() => Run(corpus);

    private int Run(RuleEvaluator evaluator)
    {
        alerts.Clear();
        foreach (var e in events)
        {
            evaluator.Evaluate(e, alerts);
        }

        return alerts.Count;
    }
}
