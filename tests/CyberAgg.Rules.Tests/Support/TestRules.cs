using CyberAgg.Rules.Detection;
using CyberAgg.Rules.Loading;

namespace CyberAgg.Rules.Tests.Support;

/// <summary>Builds single rules from a detection snippet.</summary>
internal static class TestRules
{
    /// <summary>Compiles a rule whose <c>detection</c> section is <paramref name="detection"/>; fails the test on diagnostics.</summary>
    public static DetectionRule Detection(string detection, string logsource = "")
    {
        var set = RuleSet.Parse(Yaml(detection, logsource), "test.yml");
        set.Diagnostics.ShouldBeEmpty(string.Join(Environment.NewLine, set.Diagnostics));
        return set.DetectionRules.ShouldHaveSingleItem();
    }

    /// <summary>Compiles a rule expected to be rejected, and returns its one diagnostic.</summary>
    public static RuleDiagnostic Rejected(string detection)
    {
        var set = RuleSet.Parse(Yaml(detection, string.Empty), "bad.yml");
        set.DetectionRules.ShouldBeEmpty();
        return set.Diagnostics.ShouldHaveSingleItem();
    }

    public static string Yaml(string detection, string logsource)
    {
        var indented = string.Join('\n', detection.Trim('\n').Split('\n').Select(l => "  " + l));
        var source = logsource.Length == 0 ? string.Empty : $"logsource:\n  {logsource}\n";
        return $"title: Test rule\nid: 00000000-0000-4000-8000-000000000001\n{source}detection:\n{indented}\n";
    }
}
