using CyberAgg.Configuration;
using CyberAgg.Correlator.Evaluation;
using CyberAgg.Federation.Publishing;
using CyberAgg.Federation.Tests.Local;
using Microsoft.Extensions.Logging.Abstractions;

namespace CyberAgg.Federation.Tests.Publishing;

public sealed class FederationPublisherOprfTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 7, 31, TimeSpan.Zero);

    private static Observation Sighting() => new()
    {
        Key = "203.0.113.66",
        EventId = "ev-1",
        Timestamp = T0.ToUnixTimeMilliseconds(),
        Tlp = "AMBER",
        Rules = ["29711f45-3ab9-4abb-aebe-4c485a066606"],
        Fields = new Dictionary<string, string> { ["observer.partner"] = "ee-cert", ["observer.country"] = "EE", ["source.ip"] = "203.0.113.66" },
    };

    [Fact]
    public void Blind_OprfModeWithoutAnEvaluatedToken_WithheldNotGuessed()
    {
        var options = TestNodes.Options("ee-node", "EE", "ee-cert");
        options.Blinding = FederationOptions.OprfBlinding;
        options.BlindingSecret = "";
        options.KeyServices = ["lv-node"];
        using var publisher = new FederationPublisher(options, new KafkaOptions(), "t", TimeSpan.FromSeconds(30), SovereignRunFixture.Rules, new LocalIndicators(), NullLogger.Instance);

        publisher.Oprf.ShouldNotBeNull();
        publisher.KeyService.ShouldBeNull("ee-node is not in key_services");
        publisher.Blind(Sighting(), out var withheld).ShouldBeEmpty();
        withheld.ShouldBe("oprf_unavailable");
        publisher.Indicators.Count.ShouldBe(0);
    }

    [Fact]
    public void Constructor_HmacMode_RunsNoOprfRole()
    {
        using var publisher = new FederationPublisher(TestNodes.Options("ee-node", "EE", "ee-cert"), new KafkaOptions(), "t", TimeSpan.FromSeconds(30), SovereignRunFixture.Rules, new LocalIndicators(), NullLogger.Instance);
        publisher.Oprf.ShouldBeNull();
        publisher.KeyService.ShouldBeNull();
        publisher.Blind(Sighting(), out var withheld).ShouldHaveSingleItem();
        withheld.ShouldBeNull();
    }
}
