using CsCheck;
using CyberAgg.Rules.Detection;
using CyberAgg.Rules.Events;
using CyberAgg.Rules.Loading;
using CyberAgg.Rules.Tests.Support;

namespace CyberAgg.Rules.Tests.Detection;

/// <summary>
/// Looking up the few indexed fields (a view whose lookup is exact) against walking every field of the event (a
/// view that does not allow lookup): the same matches.
/// </summary>
public sealed class DetectionEngineProbeTests
{
    private static readonly RuleSet Shipped = RuleSet.LoadDirectory(RepositoryPaths.ShippedRules);

    // A log source with a key field, a negated selection and a present-but-null field, beside the shipped rules.
    private static readonly RuleSet Small = RuleSet.Parse(
        """
        title: Sysmon process
        id: 00000000-0000-4000-8000-0000000000d1
        logsource:
          product: windows
          category: process_creation
        detection:
          sel:
            Image|endswith: '\cmd.exe'
          filter:
            User: SYSTEM
          condition: sel and not filter
        ---
        title: Null user
        id: 00000000-0000-4000-8000-0000000000d2
        detection:
          sel:
            User: null
            event.kind: alert
          condition: sel
        """,
        "probe.yml");

    private static readonly Gen<(string Field, string? Value)> GenField = Gen.OneOf(
        Gen.Select(Gen.OneOfConst("event.kind"), Gen.OneOfConst<string?>("alert", "signal", "event", null)),
        Gen.Select(Gen.OneOfConst("event.severity"), Gen.OneOfConst<string?>("1", "4", "9", "x", null)),
        Gen.Select(Gen.OneOfConst("source.ip", "dns.question.name", "url.domain", "file.hash.sha256"), Gen.OneOfConst<string?>("45.1.2.3", "10.0.0.1", "example.org", "ab12", null)),
        Gen.Select(Gen.OneOfConst("threat.indicator.type", "threat.technique.id", "labels.sector"), Gen.OneOfConst<string?>("ipv4-addr", "T1059", "energy", null)),
        Gen.Select(Gen.OneOfConst("Channel", "EventID"), Gen.OneOfConst<string?>("Microsoft-Windows-Sysmon/Operational", "1", "3")),
        Gen.Select(Gen.OneOfConst("Image", "User", "observer.country", "observer.partner"), Gen.OneOfConst<string?>(@"C:\Windows\System32\cmd.exe", "SYSTEM", "alice", "EE", null)));

    [Fact]
    public void Match_LookupOrWalk_SameMatchesOverShippedAndSmallRules()
    {
        var engines = new[] { new DetectionEngine(Shipped), new DetectionEngine(Small) };
        engines.ShouldAllBe(e => e.LooksUpFields);
        var matches = new int[engines.Length];
        GenField.Array[0, 12].Sample(
            generated =>
            {
                var fields = new DictionaryEventFields();
                foreach (var (field, value) in generated)
                {
                    fields.Set(field, value);
                }

                fields.LookupIsExact.ShouldBeTrue();
                for (var i = 0; i < engines.Length; i++)
                {
                    var looked = Match(engines[i], fields);
                    looked.ShouldBe(Match(engines[i], new WalkOnly(fields)));
                    Interlocked.Add(ref matches[i], looked.Count);
                }
            },
            iter: 2_000);

        Small.Diagnostics.ShouldBeEmpty();
        Small.DetectionRules.Count.ShouldBe(2);
        // Not vacuous: both rule sets matched some of the generated events.
        matches[0].ShouldBeGreaterThan(0, "shipped");
        matches[1].ShouldBeGreaterThan(0, "small");
    }

    [Fact]
    public void LookupIsExact_CaseInsensitiveBag_False()
    {
        new DictionaryEventFields(StringComparer.OrdinalIgnoreCase).LookupIsExact.ShouldBeFalse();
        new DictionaryEventFields(StringComparer.Ordinal).LookupIsExact.ShouldBeTrue();
    }

    private static List<string> Match(DetectionEngine engine, IEventFields fields)
    {
        var matched = new List<MatchedRule>();
        engine.Match(fields, matched);
        return [.. matched.Select(m => m.RuleId)];
    }

    /// <summary>The same fields, but the engine must walk them.</summary>
    private sealed class WalkOnly(DictionaryEventFields inner) : IEventFields
    {
        public int FieldCount => inner.FieldCount;

        public bool TryGet(string field, out string? value) => inner.TryGet(field, out value);

        public string GetName(int index) => inner.GetName(index);

        public string? GetValue(int index) => inner.GetValue(index);
    }
}
