using CyberAgg.Rules.Loading;
using CyberAgg.Rules.Tests.Support;
using Xunit.Abstractions;

namespace CyberAgg.Rules.Tests.Loading;

public sealed class SigmaCorpusCoverageTests(ITestOutputHelper output)
{
    private const double RequiredSuccessRate = 0.95;

    [SigmaCorpusFact]
    public void LoadDirectories_SharedSigmaCorpus_CompilesAtLeast95Percent()
    {
        var roots = Directory.GetDirectories(RepositoryPaths.SharedSigma, "rules*").Order(StringComparer.Ordinal).ToList();
        roots.ShouldNotBeEmpty($"no rules* folders under {RepositoryPaths.SharedSigma}");

        var set = RuleSet.LoadDirectories(roots);

        var rate = 1.0 - ((double)set.FailedRuleCount / set.AttemptedRuleCount);
        output.WriteLine($"Sigma corpus: {set.AttemptedRuleCount - set.FailedRuleCount}/{set.AttemptedRuleCount} rules compiled ({rate:P2}); {set.DetectionRules.Count} detection, {set.CorrelationRules.Count} correlation");
        foreach (var group in set.Diagnostics.Where(d => d.Severity == RuleDiagnosticSeverity.Error).GroupBy(d => d.Code).OrderByDescending(g => g.Count()))
        {
            output.WriteLine($"  {group.Key}: {group.Count()}");
            foreach (var diagnostic in group.Take(5))
            {
                output.WriteLine($"    {diagnostic}");
            }
        }

        rate.ShouldBeGreaterThanOrEqualTo(RequiredSuccessRate);
    }
}
