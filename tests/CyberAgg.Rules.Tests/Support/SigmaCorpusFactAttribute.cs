namespace CyberAgg.Rules.Tests.Support;

/// <summary>
/// A test over the SigmaHQ corpus at <c>../shared/sigma</c>: it runs where the corpus is (CI, the team's machines) and,
/// in a clone of the repository alone, is reported as skipped with the reason, by name, instead of failing.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SigmaCorpusFactAttribute : FactAttribute
{
    public SigmaCorpusFactAttribute()
    {
        if (!RepositoryPaths.HasSharedSigma)
        {
            Skip = $"needs the SigmaHQ rule corpus at {RepositoryPaths.SharedSigma} (a rules* folder beside the repository), which this host lacks; every other test runs without it.";
        }
    }
}
