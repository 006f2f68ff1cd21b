using System.Text;
using Confluent.Kafka;
using CyberAgg.Federation.Blinding;
using CyberAgg.Federation.Oprf;
using CyberAgg.Federation.Wire;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CyberAgg.Federation.Tests.Oprf;

/// <summary>What a key service answers or rejects, on a fake clock and without Kafka (Handle returns the answer).</summary>
public sealed class KeyServiceHandleTests : IDisposable
{
    private static readonly string Topic = FederationOptions.OprfTopic("ee-node");
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly KeyService service;
    private readonly long epoch;
    private long offset;

    public KeyServiceHandleTests()
    {
        var options = TestNodes.Options("ee-node", "EE", "ee-cert");
        options.Blinding = FederationOptions.OprfBlinding;
        options.KeyServices = ["ee-node"];
        options.KeyService = new KeyServiceOptions { Share = "base64:" + Convert.ToBase64String(new byte[32]), MaxPerEpoch = 3 };
        service = new KeyService(options, NullLogger.Instance, time);
        epoch = new EpochSchedule(options.Epoch, options.Bucket, TimeSpan.Zero).EpochOf(time.GetUtcNow());
    }

    private static string Point(string value) => Convert.ToBase64String(OprfProtocol.Blind("source.ip", 0, value).Blinded);

    private OprfMessage? Send(string json, string signer = "lv-node", string claimed = "lv-node")
    {
        var value = Encoding.UTF8.GetBytes(json);
        var headers = new Headers { { BatchSignature.HeaderName, BatchSignature.Sign(TestNodes.Key(signer), claimed, Topic, value) } };
        return service.Handle(Topic, 0, offset++, value, headers);
    }

    private string Request(long? epochOverride = null, string points = "", string id = "0123456789abcdef0123456789abcdef", long? at = null) =>
        $$"""{"v":1,"type":"evaluate","id":"{{id}}","from":"lv-node","to":"ee-node","epoch":{{epochOverride ?? epoch}},"at":{{at ?? time.GetUtcNow().ToUnixTimeMilliseconds()}},"points":[{{points}}]}""";

    [Fact]
    public void Handle_ValidRequest_EvaluatesEveryPointAndCounts()
    {
        var answer = Send(Request(points: $"\"{Point("a")}\",\"{Point("b")}\"")).ShouldNotBeNull();
        answer.Refused.ShouldBeNull();
        answer.Points.Count.ShouldBe(2);
        answer.To.ShouldBe("lv-node");
        service.Used("lv-node", epoch).ShouldBe(2);
    }

    [Theory]
    [InlineData("future_epoch", 2)]
    [InlineData("stale_epoch", -3)]
    public void Handle_EpochFarFromTheClock_Refused(string reason, int shift)
    {
        Send(Request(epochOverride: epoch + shift, points: $"\"{Point("a")}\"")).ShouldNotBeNull().Refused.ShouldBe(reason);
        service.Used("lv-node", epoch + shift).ShouldBe(0);
    }

    [Fact]
    public void Handle_OverTheBudget_RefusedWhole()
    {
        Send(Request(points: $"\"{Point("a")}\",\"{Point("b")}\"")).ShouldNotBeNull().Refused.ShouldBeNull();
        var over = Send(Request(id: "1123456789abcdef0123456789abcdef", points: $"\"{Point("c")}\",\"{Point("d")}\"")).ShouldNotBeNull();
        over.Refused.ShouldBe(OprfReasons.RateLimited);
        over.Points.ShouldBeEmpty();
        service.Used("lv-node", epoch).ShouldBe(2);
    }

    [Theory]
    [InlineData("\"AAAA\"")]
    [InlineData("null")]
    [InlineData("\"not base64!\"")]
    [InlineData("")]
    public void Handle_BadOrNoPoint_RefusedInvalidPointNotCharged(string points)
    {
        Send(Request(points: points)).ShouldNotBeNull().Refused.ShouldBe(OprfReasons.InvalidPoint);
        service.Used("lv-node", epoch).ShouldBe(0);
    }

    [Fact]
    public void Handle_PointsNull_RefusedNotCrashed()
    {
        var json = Request(points: "x").Replace("\"points\":[x]", "\"points\":null", StringComparison.Ordinal);
        Send(json).ShouldNotBeNull().Refused.ShouldBe(OprfReasons.InvalidPoint);
    }

    [Fact]
    public void Handle_ForgedStaleMisaddressedReplayedOrGarbage_RejectedUnanswered()
    {
        var good = Request(points: $"\"{Point("a")}\"");
        Send(good, signer: "ee-node", claimed: "lv-node").ShouldBeNull();
        Send(Request(points: $"\"{Point("a")}\"", at: time.GetUtcNow().AddMinutes(-11).ToUnixTimeMilliseconds())).ShouldBeNull();
        Send(Request(points: $"\"{Point("a")}\"", at: time.GetUtcNow().AddMinutes(2).ToUnixTimeMilliseconds())).ShouldBeNull();
        Send(good.Replace("\"to\":\"ee-node\"", "\"to\":\"lv-node\"", StringComparison.Ordinal)).ShouldBeNull();
        Send("{not json").ShouldBeNull();
        Send(good).ShouldNotBeNull();
        Send(good).ShouldBeNull("an id is answered once");
        service.Rejected.ShouldBe(6);
        service.Used("lv-node", epoch).ShouldBe(1);
    }

    public void Dispose() => service.Dispose();
}
