using CyberAgg.Rules.Loading;
using CyberAgg.Rules.Tests.Support;

namespace CyberAgg.Rules.Tests.Shipped;

public sealed class ShippedRulesTests
{
    private static readonly RuleSet Shipped = RuleSet.LoadDirectory(RepositoryPaths.ShippedRules);

    [Fact]
    public void LoadDirectory_ShippedRules_LoadsEveryRuleWithoutDiagnostics()
    {
        Shipped.Diagnostics.ShouldBeEmpty(string.Join(Environment.NewLine, Shipped.Diagnostics));
        Shipped.FailedRuleCount.ShouldBe(0);
        Shipped.CorrelationRules.Count.ShouldBeGreaterThanOrEqualTo(8);
    }

    [Fact]
    public void LoadDirectory_ShippedRules_EveryRuleHasUniqueUuidTitleDescriptionAndLevel()
    {
        var metadata = Shipped.DetectionRules.Select(r => r.Metadata).Concat(Shipped.CorrelationRules.Select(r => r.Metadata)).ToList();
        foreach (var rule in metadata)
        {
            Guid.TryParse(rule.Id, out _).ShouldBeTrue($"{rule.Source}: id '{rule.Id}' is not a UUID");
            rule.Description.ShouldNotBeNullOrWhiteSpace(rule.Source);
            rule.Level.ShouldNotBeNull(rule.Source);
        }

        metadata.Select(r => r.Id).Distinct().Count().ShouldBe(metadata.Count);
    }

    [Fact]
    public void LoadDirectory_ShippedCrossBorderRules_UseFifteenMinuteWindows()
    {
        var crossBorder = Shipped.CorrelationRules.Where(r => r.Title.Contains("Two or More Countries", StringComparison.Ordinal)).ToList();
        crossBorder.Count.ShouldBe(4);
        crossBorder.ShouldAllBe(r => r.Timespan == TimeSpan.FromMinutes(15));
        crossBorder.ShouldAllBe(r => r.ValueFields.Single() == "observer.country" && r.Condition.Single().Value == 2);
    }

    [Theory]
    [InlineData("source.ip", "203.0.113.7", "Same Source IP Flagged by Partners in Two or More Countries")]
    [InlineData("dns.question.name", "evil.example", "Same Domain Flagged by Partners in Two or More Countries")]
    [InlineData("url.domain", "evil.example", "Same Domain Flagged by Partners in Two or More Countries")]
    [InlineData("file.hash.sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "Same File Flagged by Partners in Two or More Countries")]
    public void Observe_IndicatorFlaggedInTwoCountries_RaisesCrossBorderAlert(string field, string indicator, string title)
    {
        var pipeline = new Pipeline(Shipped);

        pipeline.Feed(Pipeline.T0, Flagged("ee-cert", "EE", (field, indicator)));
        pipeline.Alerts.ShouldBeEmpty();
        pipeline.Feed(Pipeline.T0.AddMinutes(9), Flagged("lv-cert", "LV", (field, indicator)));

        var alert = pipeline.Alerts.ShouldHaveSingleItem();
        alert.Title.ShouldBe(title);
        alert.DistinctValues.ShouldBe(["EE", "LV"]);
        alert.GetValues("observer.partner").ShouldBe(["ee-cert", "lv-cert"]);
        alert.GroupKey.ShouldBe(indicator);
        alert.EventCount.ShouldBe(2);
        alert.FirstSeen.ShouldBe(Pipeline.T0);
        alert.LastSeen.ShouldBe(Pipeline.T0.AddMinutes(9));
        alert.EvidenceEventIds.ShouldBe(["e1", "e2"]);
        alert.Level.ShouldBe("high");
    }

    [Fact]
    public void Observe_IndicatorFlaggedInOneCountryOnly_RaisesNothing()
    {
        var pipeline = new Pipeline(Shipped);

        pipeline.Feed(Pipeline.T0, Flagged("ee-cert", "EE", ("source.ip", "203.0.113.7")));
        pipeline.Feed(Pipeline.T0.AddMinutes(1), Flagged("ee-ria", "EE", ("source.ip", "203.0.113.7")));
        pipeline.Feed(Pipeline.T0.AddMinutes(2), Flagged("ee-cert", "ee", ("source.ip", "203.0.113.7")));

        pipeline.Alerts.ShouldBeEmpty();
    }

    [Fact]
    public void Observe_TwoCountriesFurtherApartThanTheWindow_RaisesNothing()
    {
        var pipeline = new Pipeline(Shipped);

        pipeline.Feed(Pipeline.T0, Flagged("ee-cert", "EE", ("source.ip", "203.0.113.7")));
        pipeline.Feed(Pipeline.T0.AddMinutes(16), Flagged("lv-cert", "LV", ("source.ip", "203.0.113.7")));

        pipeline.Alerts.ShouldBeEmpty();
    }

    [Fact]
    public void Observe_PrivateSourceIpInTwoCountries_RaisesNothing()
    {
        var pipeline = new Pipeline(Shipped);

        pipeline.Feed(Pipeline.T0, Flagged("ee-cert", "EE", ("source.ip", "10.1.2.3")));
        pipeline.Feed(Pipeline.T0.AddMinutes(1), Flagged("lv-cert", "LV", ("source.ip", "10.1.2.3")));

        pipeline.Alerts.ShouldBeEmpty();
    }

    [Fact]
    public void Observe_TechniqueAgainstSameSectorInTwoCountries_RaisesSectorAlert()
    {
        var pipeline = new Pipeline(Shipped);

        pipeline.Feed(Pipeline.T0, Flagged("ee-cert", "EE", ("threat.technique.id", "T1190"), ("labels.sector", "energy")));
        pipeline.Feed(Pipeline.T0.AddMinutes(3), Flagged("lt-cert", "LT", ("threat.technique.id", "T1190"), ("labels.sector", "health")));
        pipeline.Alerts.ShouldBeEmpty();
        pipeline.Feed(Pipeline.T0.AddMinutes(4), Flagged("lv-cert", "LV", ("threat.technique.id", "T1190"), ("labels.sector", "energy")));

        // Three countries saw T1190 within the hour, so the spreading rule fires too.
        pipeline.Alerts.Select(a => a.Title).Order(StringComparer.Ordinal).ShouldBe(
            ["ATT&CK Technique Spreading Across Three or More Countries", "Same ATT&CK Technique Against One Sector in Two or More Countries"]);
        var alert = pipeline.Alerts.Single(a => a.Title.StartsWith("Same", StringComparison.Ordinal));
        alert.GroupValues.ShouldBe([new("threat.technique.id", "T1190"), new("labels.sector", "energy")]);
    }

    [Fact]
    public void Observe_TechniqueInThreeCountriesWithinAnHour_RaisesSpreadingAlert()
    {
        var pipeline = new Pipeline(Shipped);

        pipeline.Feed(Pipeline.T0, Flagged("ee-cert", "EE", ("threat.technique.id", "T1566")));
        pipeline.Feed(Pipeline.T0.AddMinutes(30), Flagged("lv-cert", "LV", ("threat.technique.id", "T1566")));
        pipeline.Feed(Pipeline.T0.AddMinutes(55), Flagged("lt-cert", "LT", ("threat.technique.id", "T1566")));

        pipeline.Alerts.ShouldHaveSingleItem().Title.ShouldBe("ATT&CK Technique Spreading Across Three or More Countries");
    }

    [Fact]
    public void Observe_SourceIpFlaggedByThreePartners_RaisesMultiPartnerAlert()
    {
        var pipeline = new Pipeline(Shipped);

        pipeline.Feed(Pipeline.T0, Flagged("ee-cert", "EE", ("source.ip", "198.51.100.9")));
        pipeline.Feed(Pipeline.T0.AddMinutes(1), Flagged("ee-ria", "EE", ("source.ip", "198.51.100.9")));
        pipeline.Feed(Pipeline.T0.AddMinutes(2), Flagged("ee-mil", "EE", ("source.ip", "198.51.100.9")));

        pipeline.Alerts.ShouldHaveSingleItem().Title.ShouldBe("Same Source IP Flagged by Three or More Partners");
    }

    [Fact]
    public void DetectionRules_BaseRules_OnlyFeedCorrelations()
    {
        Shipped.DetectionRules.ShouldAllBe(r => !r.GeneratesAlerts);
    }

    private static (string Field, string? Value)[] Flagged(string partner, string country, params (string Field, string? Value)[] indicator) =>
        [("observer.partner", partner), ("observer.country", country), ("event.kind", "alert"), .. indicator];
}
