using CyberAgg.Rules.Correlation;
using CyberAgg.Rules.Loading;
using CyberAgg.Rules.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace CyberAgg.Rules.Tests.Correlation;

public sealed partial class CorrelationEngineTests
{
    private const string BaseRules = """
        title: A
        id: 00000000-0000-4000-8000-00000000000a
        name: rule_a
        detection:
          sel:
            Kind: a
          condition: sel
        ---
        title: B
        id: 00000000-0000-4000-8000-00000000000b
        name: rule_b
        detection:
          sel:
            Kind: b
          condition: sel
        ---
        title: C
        id: 00000000-0000-4000-8000-00000000000c
        name: rule_c
        detection:
          sel:
            Kind: c
          condition: sel
        """;

    private static readonly DateTimeOffset T0 = Pipeline.T0;

    [Fact]
    public void Observe_EventCountReachesThreshold_FiresOnTheEventThatReachesIt()
    {
        var pipeline = Build("type: event_count\nrules: [rule_a]\ngroup-by: [Host]\ntimespan: 10m\ncondition: {gte: 3}");

        Feed(pipeline, 0, "a", ("Host", "h1"));
        Feed(pipeline, 1, "a", ("Host", "h1"));
        Feed(pipeline, 2, "a", ("Host", "h2"));
        pipeline.Alerts.ShouldBeEmpty();
        Feed(pipeline, 3, "a", ("Host", "h1"));

        var alert = pipeline.Alerts.ShouldHaveSingleItem();
        alert.GroupKey.ShouldBe("h1");
        alert.EventCount.ShouldBe(3);
        alert.Value.ShouldBe(3);
        alert.Type.ShouldBe(CorrelationType.EventCount);
        alert.EvidenceEventIds.ShouldBe(["e1", "e2", "e4"]);
    }

    [Fact]
    public void Observe_ValueCountDistinctValues_CountsCaseInsensitiveDistinctValues()
    {
        var pipeline = Build("type: value_count\nrules: [rule_a]\ngroup-by: [source.ip]\ntimespan: 15m\ncondition: {field: observer.country, gte: 2}");

        Feed(pipeline, 0, "a", ("source.ip", "1.2.3.4"), ("observer.country", "EE"));
        Feed(pipeline, 1, "a", ("source.ip", "1.2.3.4"), ("observer.country", "ee"));
        Feed(pipeline, 2, "a", ("source.ip", "1.2.3.4"));
        pipeline.Alerts.ShouldBeEmpty();
        Feed(pipeline, 3, "a", ("source.ip", "1.2.3.4"), ("observer.country", "FI"));

        var alert = pipeline.Alerts.ShouldHaveSingleItem();
        alert.DistinctValues.Count.ShouldBe(2);
        alert.Value.ShouldBe(2);
        alert.EventCount.ShouldBe(4);
    }

    [Fact]
    public void Observe_GroupByMultipleFields_KeysOnAllValues()
    {
        var pipeline = Build("type: event_count\nrules: [rule_a]\ngroup-by: [User, Domain]\ntimespan: 10m\ncondition: {gte: 2}");

        Feed(pipeline, 0, "a", ("User", "bob"), ("Domain", "x"));
        Feed(pipeline, 1, "a", ("User", "bob"), ("Domain", "y"));
        Feed(pipeline, 2, "a", ("User", "bob"));
        pipeline.Alerts.ShouldBeEmpty();
        Feed(pipeline, 3, "a", ("User", "bob"), ("Domain", "x"));

        var alert = pipeline.Alerts.ShouldHaveSingleItem();
        alert.GroupKey.ShouldBe("bob\u001fx");
        alert.GroupValues.ShouldBe([new("User", "bob"), new("Domain", "x")]);
    }

    [Fact]
    public void Observe_Temporal_FiresWhenEveryRuleSeenInAnyOrder()
    {
        var pipeline = Build("type: temporal\nrules: [rule_a, rule_b, rule_c]\ngroup-by: [Host]\ntimespan: 5m");

        Feed(pipeline, 0, "c", ("Host", "h"));
        Feed(pipeline, 1, "a", ("Host", "h"));
        Feed(pipeline, 1, "a", ("Host", "h"));
        pipeline.Alerts.ShouldBeEmpty();
        Feed(pipeline, 2, "b", ("Host", "h"));

        pipeline.Alerts.ShouldHaveSingleItem().Value.ShouldBe(3);
    }

    [Fact]
    public void Observe_TemporalRulesTooFarApart_DoesNotFire()
    {
        var pipeline = Build("type: temporal\nrules: [rule_a, rule_b]\ngroup-by: [Host]\ntimespan: 5m");

        Feed(pipeline, 0, "a", ("Host", "h"));
        Feed(pipeline, 6, "b", ("Host", "h"));

        pipeline.Alerts.ShouldBeEmpty();
    }

    [Fact]
    public void Observe_TemporalOrderedWrongOrder_DoesNotFire()
    {
        var pipeline = Build("type: temporal_ordered\nrules: [rule_a, rule_b]\ngroup-by: [User]\ntimespan: 10m");

        Feed(pipeline, 0, "b", ("User", "u"));
        Feed(pipeline, 1, "a", ("User", "u"));

        pipeline.Alerts.ShouldBeEmpty();
    }

    [Fact]
    public void Observe_TemporalOrderedRightOrder_Fires()
    {
        var pipeline = Build("type: temporal_ordered\nrules: [rule_a, rule_b]\ngroup-by: [User]\ntimespan: 10m");

        Feed(pipeline, 0, "b", ("User", "u"));
        Feed(pipeline, 1, "a", ("User", "u"));
        Feed(pipeline, 2, "b", ("User", "u"));

        pipeline.Alerts.ShouldHaveSingleItem().Type.ShouldBe(CorrelationType.TemporalOrdered);
    }

    [Fact]
    public void Observe_TemporalOrderedLateEventFillsTheGap_UsesEventTimeOrder()
    {
        var pipeline = Build("type: temporal_ordered\nrules: [rule_a, rule_b]\ngroup-by: [User]\ntimespan: 10m");

        Feed(pipeline, 5, "b", ("User", "u"));
        Feed(pipeline, 2, "a", ("User", "u"));

        pipeline.Alerts.ShouldHaveSingleItem().FirstSeen.ShouldBe(T0.AddMinutes(2));
    }

    [Fact]
    public void Observe_ValueSum_FiresWhenSumExceeds()
    {
        var pipeline = Build("type: value_sum\nrules: [rule_a]\ngroup-by: [User]\ntimespan: 1h\ncondition: {field: bytes, gt: 1000}");

        Feed(pipeline, 0, "a", ("User", "u"), ("bytes", "600"));
        Feed(pipeline, 1, "a", ("User", "u"), ("bytes", "not a number"));
        pipeline.Alerts.ShouldBeEmpty();
        Feed(pipeline, 2, "a", ("User", "u"), ("bytes", "401"));

        pipeline.Alerts.ShouldHaveSingleItem().Value.ShouldBe(1001);
    }

    [Fact]
    public void Observe_ValueAverage_UsesOnlyNumericValuesDecidedAtWindowEnd()
    {
        var pipeline = Build("type: value_avg\nrules: [rule_a]\ngroup-by: [User]\ntimespan: 1h\ncondition: {field: bytes, gte: 500, lt: 1000}");

        Feed(pipeline, 0, "a", ("User", "u"), ("bytes", "100"));
        Feed(pipeline, 1, "a", ("User", "u"));
        Feed(pipeline, 2, "a", ("User", "u"), ("bytes", "900"));
        pipeline.Alerts.ShouldBeEmpty("an average is decided when the watermark passes the window's end");
        pipeline.Correlation.AdvanceWatermark(T0.AddMinutes(61), pipeline.Alerts);

        pipeline.Alerts.ShouldHaveSingleItem().Value.ShouldBe(500);
    }

    [Fact]
    public void Observe_ValuePercentile_FiresForRareValue()
    {
        var pipeline = Build("type: value_percentile\nrules: [rule_a]\ngroup-by: [Host]\ntimespan: 1h\ncondition: {field: Image, lte: 10}");

        Feed(pipeline, 0, "a", ("Host", "h"), ("Image", "rare.exe"));
        for (var i = 1; i <= 10; i++)
        {
            Feed(pipeline, i, "a", ("Host", "h"), ("Image", "common.exe"));
        }

        Feed(pipeline, 11, "a", ("Host", "h"), ("Image", "common.exe"));
        pipeline.Alerts.ShouldBeEmpty();
        pipeline.Correlation.Flush(pipeline.Alerts);

        // rare.exe is 1 of 12 events in the window: about 8 %.
        pipeline.Alerts.ShouldHaveSingleItem().Value.ShouldBe(100.0 / 12, 1e-9);
    }

    [Fact]
    public void Observe_Aliases_GroupDifferentFieldsTogether()
    {
        var pipeline = Build("""
            type: temporal
            rules: [rule_a, rule_b]
            group-by: [ip]
            timespan: 10s
            aliases:
              ip:
                rule_a: destination.ip
                rule_b: source.ip
            """);

        Feed(pipeline, 0, "a", ("destination.ip", "10.0.0.1"), ("source.ip", "10.9.9.9"));
        Feed(pipeline, 0, "b", ("source.ip", "10.0.0.1"));

        var alert = pipeline.Alerts.ShouldHaveSingleItem();
        alert.GroupKey.ShouldBe("10.0.0.1");
        alert.GroupValues.ShouldBe([new("ip", "10.0.0.1")]);
    }

    [Fact]
    public void Observe_ChainedCorrelation_ConsumesInnerAlerts()
    {
        var yaml = BaseRules + """

            ---
            title: Many failures
            id: 00000000-0000-4000-8000-0000000000f1
            name: many_a
            correlation:
              type: event_count
              rules: [rule_a]
              group-by: [User]
              timespan: 10m
              condition: {gte: 2}
            ---
            title: Failures then success
            id: 00000000-0000-4000-8000-0000000000f2
            level: high
            correlation:
              type: temporal_ordered
              rules: [many_a, rule_b]
              group-by: [User]
              timespan: 10m
            """;
        var pipeline = new Pipeline(Load(yaml));

        Feed(pipeline, 0, "a", ("User", "u"));
        Feed(pipeline, 1, "a", ("User", "u"));
        pipeline.Alerts.ShouldBeEmpty();
        Feed(pipeline, 2, "b", ("User", "u"));

        var alert = pipeline.Alerts.ShouldHaveSingleItem();
        alert.Title.ShouldBe("Failures then success");
        alert.Level.ShouldBe("high");
    }

    [Fact]
    public void Build_GenerateTrue_KeepsReferencedRulesAlerting()
    {
        var generated = Load(BaseRules + "\n---\ntitle: G\nid: 00000000-0000-4000-8000-0000000000f3\ncorrelation:\n  type: event_count\n  rules: [rule_a]\n  group-by: [X]\n  timespan: 1m\n  condition: {gte: 2}\n  generate: true\n");
        var silent = Load(BaseRules + "\n---\ntitle: S\nid: 00000000-0000-4000-8000-0000000000f4\ncorrelation:\n  type: event_count\n  rules: [rule_a]\n  group-by: [X]\n  timespan: 1m\n  condition: {gte: 2}\n");

        generated.FindDetectionRule("rule_a")!.GeneratesAlerts.ShouldBeTrue();
        silent.FindDetectionRule("rule_a")!.GeneratesAlerts.ShouldBeFalse();
        silent.FindDetectionRule("rule_b")!.GeneratesAlerts.ShouldBeTrue();
    }

    [Fact]
    public void Observe_EvidenceWithMixedTlp_AlertTakesStrictest()
    {
        var pipeline = Build("type: event_count\nrules: [rule_a]\ngroup-by: [Host]\ntimespan: 10m\ncondition: {gte: 3}");

        pipeline.Feed(T0, TestEvents.Of(("Kind", "a"), ("Host", "h")), "GREEN");
        pipeline.Feed(T0, TestEvents.Of(("Kind", "a"), ("Host", "h")), "RED");
        pipeline.Feed(T0, TestEvents.Of(("Kind", "a"), ("Host", "h")), null);

        pipeline.Alerts.ShouldHaveSingleItem().Tlp.ShouldBe(TrafficLightProtocol.Red);
    }

    [Fact]
    public void Observe_RaisedAt_ComesFromInjectedTimeProvider()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var pipeline = new Pipeline(Load(BaseRules + Correlation("type: event_count\nrules: [rule_a]\ngroup-by: [Host]\ntimespan: 10m\ncondition: {gte: 1}")), timeProvider: clock);

        Feed(pipeline, 0, "a", ("Host", "h"));

        var alert = pipeline.Alerts.ShouldHaveSingleItem();
        alert.RaisedAt.ShouldBe(clock.GetUtcNow());
        alert.FirstSeen.ShouldBe(T0);
    }

    [Fact]
    public void Observe_SameWindowReplayed_ProducesSameAlertId()
    {
        string RunOnce()
        {
            var pipeline = Build("type: event_count\nrules: [rule_a]\ngroup-by: [Host]\ntimespan: 10m\ncondition: {gte: 2}");
            Feed(pipeline, 0, "a", ("Host", "h"));
            Feed(pipeline, 1, "a", ("Host", "h"));
            return pipeline.Alerts.ShouldHaveSingleItem().AlertId;
        }

        RunOnce().ShouldBe(RunOnce());
    }

    [Theory]
    [InlineData("type: bogus\nrules: [rule_a]\ntimespan: 1m\ncondition: {gte: 1}", RuleErrorCodes.UnsupportedFeature)]
    [InlineData("type: event_count\nrules: [missing_rule]\ntimespan: 1m\ncondition: {gte: 1}", RuleErrorCodes.UnresolvedReference)]
    [InlineData("type: event_count\nrules: [rule_a]\ntimespan: 1 minute\ncondition: {gte: 1}", RuleErrorCodes.InvalidValue)]
    [InlineData("type: event_count\nrules: [rule_a]\ntimespan: 1m", RuleErrorCodes.MissingField)]
    [InlineData("type: value_count\nrules: [rule_a]\ntimespan: 1m\ncondition: {gte: 1}", RuleErrorCodes.MissingField)]
    [InlineData("type: event_count\nrules: [rule_a]\ntimespan: 1m\ncondition: {about: 1}", RuleErrorCodes.InvalidCondition)]
    [InlineData("type: temporal\nrules: [rule_a, rule_b]\ngroup-by: [ip]\ntimespan: 1m\naliases:\n  ip:\n    rule_a: x", RuleErrorCodes.UnresolvedReference)]
    public void Build_InvalidCorrelation_ReportsReason(string correlation, string code)
    {
        var set = Load(BaseRules + Correlation(correlation), expectClean: false);

        set.CorrelationRules.ShouldBeEmpty();
        var diagnostic = set.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Code.ShouldBe(code, diagnostic.ToString());
        diagnostic.RuleId.ShouldBe("00000000-0000-4000-8000-0000000000ff");
    }

    [Fact]
    public void TryGetGroupKey_ForReferencedRule_ReturnsPartitionKey()
    {
        var set = Load(BaseRules + Correlation("type: event_count\nrules: [rule_a]\ngroup-by: [Host]\ntimespan: 10m\ncondition: {gte: 1}"));
        var rule = set.CorrelationRules.ShouldHaveSingleItem();

        rule.TryGetGroupKey("rule_a", TestEvents.Of(("Host", "h7")), out var key).ShouldBeTrue();
        key.ShouldBe("h7");
        rule.TryGetGroupKey("rule_b", TestEvents.Of(("Host", "h7")), out _).ShouldBeFalse();
    }

    private static Pipeline Build(string correlation, CorrelationOptions? options = null) =>
        new(Load(BaseRules + Correlation(correlation)), options);

    private static string Correlation(string body) =>
        "\n---\ntitle: Correlation under test\nid: 00000000-0000-4000-8000-0000000000ff\nlevel: medium\ncorrelation:\n"
        + string.Join('\n', body.Split('\n').Select(l => "  " + l)) + "\n";

    private static RuleSet Load(string yaml, bool expectClean = true)
    {
        var set = RuleSet.Parse(yaml, "correlation-test.yml");
        if (expectClean)
        {
            set.Diagnostics.ShouldBeEmpty(string.Join(Environment.NewLine, set.Diagnostics));
        }

        return set;
    }

    private static ObserveOutcome Feed(Pipeline pipeline, double minutes, string kind, params (string Field, string? Value)[] fields) =>
        pipeline.Feed(T0.AddMinutes(minutes), [("Kind", kind), .. fields]);
}
