using CyberAgg.Configuration;
using CyberAgg.Correlator.Evaluation;
using CyberAgg.Federation.Publishing;
using CyberAgg.Federation.Tests.Local;
using Microsoft.Extensions.Logging.Abstractions;

namespace CyberAgg.Federation.Tests.Publishing;

public sealed class FederationPublisherTests
{
    private const string SourceIpRule = "29711f45-3ab9-4abb-aebe-4c485a066606";
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 7, 31, TimeSpan.Zero);

    private static FederationPublisher Publisher(List<string>? strictTo = null)
    {
        var options = TestNodes.Options("ee-node", "EE", "ee-cert");
        options.AmberStrictTo = strictTo ?? [];
        return new FederationPublisher(options, new KafkaOptions(), "t", TimeSpan.FromSeconds(30), SovereignRunFixture.Rules, new LocalIndicators(), NullLogger.Instance);
    }

    private static Observation Sighting(string tlp, string partner = "ee-cert", string country = "EE") => new()
    {
        Key = "203.0.113.66",
        EventId = "ev-1",
        Timestamp = T0.ToUnixTimeMilliseconds(),
        Tlp = tlp,
        Rules = [SourceIpRule],
        Fields = new Dictionary<string, string>
        {
            ["observer.partner"] = partner, ["observer.country"] = country, ["source.ip"] = "203.0.113.66",
            ["user.name"] = "alice", ["host.name"] = "ee-ws7", ["message"] = "secret details",
        },
    };

    [Fact]
    public void Blind_AmberSighting_OneRecordWithOnlyWhatTheAllianceMaySee()
    {
        using var publisher = Publisher();
        var record = publisher.Blind(Sighting("AMBER"), out var withheld).ShouldHaveSingleItem();
        withheld.ShouldBeNull();
        record.Kind.ShouldBe("source.ip");
        record.Country.ShouldBe("EE");
        record.Partner.ShouldBe("ee-cert");
        record.Bucket.ShouldBe(new DateTimeOffset(2026, 12, 1, 12, 7, 0, TimeSpan.Zero).ToUnixTimeMilliseconds());
        record.PreviousToken.ShouldBeNull("12:07 is past the first hour (the longest window) of its day-long key epoch");
        record.Rules.ShouldBe([SourceIpRule]);
        var json = System.Text.Encoding.UTF8.GetString(Wire.AllianceJson.Serialize(new Wire.AllianceBatch { Node = "ee-node", Incarnation = "i", Sequence = 1, CreatedAt = 0, Watermark = 0, Records = [record] }));
        foreach (var raw in new[] { "203.0.113.66", "alice", "ee-ws7", "secret", "ev-1" })
        {
            json.ShouldNotContain(raw);
        }

        publisher.Indicators.TryGetClear(record.Token, out var clear).ShouldBeTrue();
        clear.ShouldBe("203.0.113.66");
    }

    [Fact]
    public void Blind_SightingEarlyInAnEpoch_AlsoCarriesThePreviousEpochToken()
    {
        using var publisher = Publisher();
        var early = Sighting("AMBER") with { Timestamp = new DateTimeOffset(2026, 12, 1, 0, 20, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() };
        var record = publisher.Blind(early, out _).ShouldHaveSingleItem();
        record.PreviousToken.ShouldNotBeNull();
        record.PreviousToken.ShouldNotBe(record.Token);
    }

    [Theory]
    [InlineData("RED", "tlp_red")]
    [InlineData("red-ish", "tlp_red")]
    [InlineData("AMBER+STRICT", "amber_strict")]
    public void Blind_RedOrStrictWithoutRecipients_StaysHome(string tlp, string reason)
    {
        using var publisher = Publisher();
        publisher.Blind(Sighting(tlp), out var withheld).ShouldBeEmpty();
        withheld.ShouldBe(reason);
    }

    [Fact]
    public void Blind_StrictWithRecipients_OnlyOnTheirTopics()
    {
        using var publisher = Publisher(["lv-node"]);
        publisher.Blind(Sighting("AMBER+STRICT"), out var withheld).ShouldHaveSingleItem().Tlp.ShouldBe("AMBER+STRICT");
        withheld.ShouldBeNull();
        publisher.Topics.ShouldBe([FederationOptions.DefaultTopic, FederationOptions.StrictTopic("lv-node"), FederationOptions.StrictTopic("ee-node")]);
    }

    [Fact]
    public void Blind_PartnerThisNodeDoesNotHold_NotPublished()
    {
        using var publisher = Publisher();
        publisher.Blind(Sighting("AMBER", "lv-cert", "LV"), out var withheld).ShouldBeEmpty();
        withheld.ShouldBe("foreign_partner");
    }
}
