using CyberAgg.Rules.Loading;
using CyberAgg.Rules.Tests.Support;
using Xunit.Abstractions;

namespace CyberAgg.Rules.Tests.Loading;

public sealed class SigmaCorpusCoverageTests(ITestOutputHelper output)
{
    private const double RequiredSuccessRate = 0.95;

    // Loading the corpus takes seconds, so the tests share one load.
    private static readonly Lazy<RuleSet> Corpus = new(() =>
    {
        var roots = Directory.GetDirectories(RepositoryPaths.SharedSigma, "rules*").Order(StringComparer.Ordinal).ToList();
        roots.ShouldNotBeEmpty($"no rules* folders under {RepositoryPaths.SharedSigma}");
        return RuleSet.LoadDirectories(roots);
    });

    [SigmaCorpusFact]
    public void LoadDirectories_SharedSigmaCorpus_CompilesAtLeast95Percent()
    {
        var set = Corpus.Value;

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

    [SigmaCorpusFact]
    public void LoadDirectories_SharedSigmaCorpus_HasNoUnknownKeyOrDuplicateErrors()
    {
        var set = Corpus.Value;

        var strict = set.Diagnostics
            .Where(d => d.Code is RuleErrorCodes.UnknownKey or RuleErrorCodes.DuplicateId or RuleErrorCodes.DuplicateName)
            .ToList();
        strict.ShouldBeEmpty(string.Join(Environment.NewLine, strict.Take(10)));
        set.DetectionRules.Count.ShouldBeGreaterThan(3000);
    }

    [SigmaCorpusFact]
    public void Parse_SigmaSpecificationExamples_UseOnlyKnownKeysAndValidTimespans()
    {
        var folder = Path.Combine(RepositoryPaths.SharedSigma, "specification", "tests", "schema");
        var files = Directory.GetFiles(folder, "*.yml", SearchOption.AllDirectories).Where(f => !f.Contains("filter", StringComparison.Ordinal)).ToList();
        files.Count.ShouldBeGreaterThan(5);

        foreach (var file in files)
        {
            var set = new RuleSetBuilder().AddFile(file).Build();

            // The examples reference rules that are not in their file, so only unresolved references may remain.
            set.Diagnostics.Where(d => d.Code != RuleErrorCodes.UnresolvedReference).ShouldBeEmpty(file + ": " + string.Join(Environment.NewLine, set.Diagnostics));
        }
    }
}
