using Confluent.Kafka;
using CyberAgg.Federation.Matching;
using CyberAgg.Federation.Tests.Local;
using CyberAgg.Federation.Wire;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CyberAgg.Federation.Tests.Matching;

/// <summary>The last sightings of an alliance that then goes quiet are decided, not held until traffic resumes.</summary>
public sealed class QuietAllianceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 30, TimeSpan.Zero);
    private readonly FakeTimeProvider time = new(Now);
    private long sequence;

    [Theory]
    [InlineData(20)]
    [InlineData(60)]
    [InlineData(180)]
    public void Advance_SightingsInTwoCountriesThenEveryNodeQuiet_RaisesTheAlert(int secondsBeforeTheLastEvent)
    {
        var matcher = new FederationMatcher(TestNodes.Options("lv-node", "LV", "lv-cert"), SovereignRunFixture.Rules, TimeSpan.FromSeconds(1), new LocalIndicators(), null, NullLogger.Instance, time);
        var raised = new List<SovereignAlert>();
        matcher.AlertsRaised += raised.AddRange;
        var sighting = Now.AddSeconds(-secondsBeforeTheLastEvent);
        var bucket = new DateTimeOffset(sighting.Year, sighting.Month, sighting.Day, sighting.Hour, sighting.Minute, 0, TimeSpan.Zero);
        var token = new string('c', 32);
        foreach (var (node, country) in new[] { ("ee-node", "EE"), ("lv-node", "LV") })
        {
            Accept(matcher, node, long.MinValue, [new BlindedRecord { Token = token, Epoch = bucket.ToUnixTimeSeconds() / 86_400, Kind = "source.ip", Country = country, Partner = country.ToLowerInvariant() + "-cert", Bucket = bucket.ToUnixTimeMilliseconds(), Tlp = "AMBER", Rules = ["29711f45-3ab9-4abb-aebe-4c485a066606"], Count = 1 }]);
        }

        // Both nodes' events stages have seen everything up to the last event, less 1 s of lateness, and go quiet.
        for (var i = 0; i < 10; i++)
        {
            foreach (var node in new[] { "ee-node", "lv-node" })
            {
                Accept(matcher, node, Now.AddSeconds(-1).ToUnixTimeMilliseconds(), []);
            }

            matcher.Advance();
            time.Advance(TimeSpan.FromSeconds(5));
        }

        raised.ShouldContain(a => a.Alert.Countries.Contains("EE") && a.Alert.Countries.Contains("LV"), $"watermark {matcher.Watermark:O}, sighting bucket {bucket:O}");
    }

    [Fact]
    public void Advance_OneNodeReportsItsWatermarkBeforeAnotherSendsItsFirstRecords_TheirSightingsAreNotLate()
    {
        var matcher = new FederationMatcher(TestNodes.Options("lv-node", "LV", "lv-cert"), SovereignRunFixture.Rules, TimeSpan.FromSeconds(1), new LocalIndicators(), null, NullLogger.Instance, time);
        var raised = new List<SovereignAlert>();
        matcher.AlertsRaised += raised.AddRange;
        var bucket = new DateTimeOffset(2026, 12, 1, 11, 59, 0, TimeSpan.Zero);
        var token = new string('d', 32);

        // LV is quick: its sighting and its watermark a minute later arrive first. EE (a member) has said nothing yet.
        Accept(matcher, "lv-node", long.MinValue, [Record(token, "LV", bucket)]);
        Accept(matcher, "lv-node", Now.AddSeconds(-1).ToUnixTimeMilliseconds(), []);
        matcher.Advance();
        matcher.Watermark.ShouldBeLessThan(bucket.AddMinutes(1), "a member not heard from yet holds the alliance back");

        time.Advance(TimeSpan.FromSeconds(2));
        Accept(matcher, "ee-node", long.MinValue, [Record(token, "EE", bucket)]);
        Accept(matcher, "ee-node", Now.AddSeconds(-1).ToUnixTimeMilliseconds(), []);
        matcher.Advance();

        raised.ShouldContain(a => a.Alert.Countries.Contains("EE") && a.Alert.Countries.Contains("LV"));
    }

    private static BlindedRecord Record(string token, string country, DateTimeOffset bucket) => new()
    {
        Token = token, Epoch = bucket.ToUnixTimeSeconds() / 86_400, Kind = "source.ip", Country = country, Partner = country.ToLowerInvariant() + "-cert",
        Bucket = bucket.ToUnixTimeMilliseconds(), Tlp = "AMBER", Rules = ["29711f45-3ab9-4abb-aebe-4c485a066606"], Count = 1,
    };

    private void Accept(FederationMatcher matcher, string node, long watermark, List<BlindedRecord> records)
    {
        var value = AllianceJson.Serialize(new AllianceBatch { Node = node, Incarnation = "i1", Sequence = ++sequence, CreatedAt = time.GetUtcNow().ToUnixTimeMilliseconds(), Watermark = watermark, Records = records });
        var headers = new Headers { { BatchSignature.HeaderName, BatchSignature.Sign(TestNodes.Key(node), node, FederationOptions.DefaultTopic, value) } };
        matcher.Accept(FederationOptions.DefaultTopic, 0, sequence, value, headers).ShouldBeNull();
    }
}
