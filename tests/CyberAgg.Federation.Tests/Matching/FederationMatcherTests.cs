using System.Text;
using Confluent.Kafka;
using CyberAgg.Federation.Matching;
using CyberAgg.Federation.Tests.Local;
using CyberAgg.Federation.Wire;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CyberAgg.Federation.Tests.Matching;

/// <summary>What a matcher accepts from the alliance topic, checked message by message (no broker needed).</summary>
public sealed class FederationMatcherTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    private FederationMatcher Matcher() => new(TestNodes.Options("lv-node", "LV", "lv-cert"), SovereignRunFixture.Rules, TimeSpan.FromMinutes(1), new LocalIndicators(), null, NullLogger.Instance, time);

    private (byte[] Value, Headers Headers) Signed(string node, string country, long sequence, string topic = FederationOptions.DefaultTopic, string? signer = null)
    {
        var value = AllianceJson.Serialize(new AllianceBatch
        {
            Node = node,
            Incarnation = "i1",
            Sequence = sequence,
            CreatedAt = time.GetUtcNow().ToUnixTimeMilliseconds(),
            Watermark = time.GetUtcNow().ToUnixTimeMilliseconds(),
            Records = [new BlindedRecord { Token = new string('a', 32), Epoch = 1, Kind = "source.ip", Country = country, Partner = "ee-cert", Bucket = 0, Tlp = "AMBER", Rules = ["x"], Count = 1 }],
        });
        return (value, new Headers { { BatchSignature.HeaderName, BatchSignature.Sign(TestNodes.Key(signer ?? node), node, topic, value) } });
    }

    [Fact]
    public void Accept_SignedBatch_AcceptedOnce_ThenReplayRefused()
    {
        using var matcher = Matcher();
        var (value, headers) = Signed("ee-node", "EE", 1);
        matcher.Accept(FederationOptions.DefaultTopic, 0, 0, value, headers).ShouldBeNull();
        matcher.Accept(FederationOptions.DefaultTopic, 0, 1, value, headers).ShouldBe(ReplayGuard.Replay);
        matcher.BatchesAccepted.ShouldBe(1);
        matcher.BatchesRefused.ShouldBe(1);
    }

    [Fact]
    public void Accept_AlteredUnsignedOrMovedBatch_Refused()
    {
        using var matcher = Matcher();
        var (value, headers) = Signed("ee-node", "EE", 1);
        var altered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(value).Replace("\"n\":1", "\"n\":9", StringComparison.Ordinal));
        matcher.Accept(FederationOptions.DefaultTopic, 0, 0, altered, headers).ShouldBe(BatchSignature.BadSignature);
        matcher.Accept(FederationOptions.DefaultTopic, 0, 1, value, new Headers()).ShouldBe(BatchSignature.Unsigned);
        matcher.Accept(FederationOptions.StrictTopic("lv-node"), 0, 2, value, headers).ShouldBe(BatchSignature.BadSignature, "signed for another topic");
        matcher.Accept(FederationOptions.DefaultTopic, 0, 3, "{not json"u8.ToArray(), headers).ShouldBe("invalid_batch");
    }

    [Fact]
    public void Accept_MemberSigningForAnotherNode_Refused()
    {
        using var matcher = Matcher();
        var (value, headers) = Signed("ee-node", "EE", 1, signer: "lv-node");
        matcher.Accept(FederationOptions.DefaultTopic, 0, 0, value, headers).ShouldBe(BatchSignature.BadSignature);
        var (unknown, unknownHeaders) = Signed("ee-node", "EE", 2);
        var renamed = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(unknown).Replace("\"ee-node\"", "\"fi-node\"", StringComparison.Ordinal));
        matcher.Accept(FederationOptions.DefaultTopic, 0, 1, renamed, unknownHeaders).ShouldBe(BatchSignature.UnknownNode);
    }

    [Fact]
    public void Accept_RecordsOfAnotherCountry_Refused()
    {
        using var matcher = Matcher();
        var (value, headers) = Signed("ee-node", "LV", 1);
        matcher.Accept(FederationOptions.DefaultTopic, 0, 0, value, headers).ShouldBe("wrong_country", "a node speaks only for its own country");
    }
}
