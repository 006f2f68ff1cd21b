using System.Net;
using System.Text;
using Confluent.Kafka;
using CyberAgg.Api.Tests.Support;
using CyberAgg.Events.Alerts;
using CyberAgg.Sharing.Tests;

namespace CyberAgg.Api.Tests.Stream;

/// <summary>The live feed streams only alerts signed by this deployment: a forged alert on the topic reaches no SSE client.</summary>
[Collection(ApiCollection.Name)]
public sealed class SignedFeedTests(ApiFixture fixture)
{
    public static TheoryData<string> Forgeries() => ["unsigned", "other-key", "other-topic", "altered"];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task Stream_ForgedAlertOnTheTopic_IsNotStreamed(string forgery)
    {
        using var lv = fixture.As(TestConfig.LvToken);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/alerts/stream");
        using var response = await lv.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var forged = Seed.Make("forged-" + suffix, "AMBER", AlertKinds.CrossBorder, ["ee-cert", "lv-cert"], new() { ["source.ip"] = "203.0.113.250" }, [], 30);
        var value = AlertJson.Serialize(forged);

        // Produced before a genuine alert on the one partition: if the genuine one arrives first, the forged one was refused.
        await fixture.ProduceForgedAsync(Forge(forgery, value, fixture.Topic));
        await fixture.ProduceAsync(forged with { AlertId = "genuine-" + suffix });

        var next = await reader.NextAsync(timeout.Token);
        while (next is { } e && !e.Data.Contains(suffix, StringComparison.Ordinal))
        {
            next = await reader.NextAsync(timeout.Token);
        }

        next.ShouldNotBeNull();
        next.Value.Data.ShouldContain("genuine-" + suffix);
    }

    internal static Message<string, byte[]> Forge(string forgery, byte[] value, string topic)
    {
        var message = new Message<string, byte[]> { Key = "forged", Value = value, Headers = [] };
        switch (forgery)
        {
            case "other-key":
                message.Headers.Add(AlertSignature.HeaderName, AlertSignature.Sign(AlertSigningKey.Generate(), topic, value));
                break;
            case "other-topic":
                // A genuine signature for a partner feed, copied onto the central topic.
                message.Headers.Add(AlertSignature.HeaderName, AlertSignature.Sign(CyberAgg.Testing.SignedAlerts.Keys.Current, topic + ".lv-cert", value));
                break;
            case "altered":
                message.Headers.Add(AlertSignature.HeaderName, AlertSignature.Sign(CyberAgg.Testing.SignedAlerts.Keys.Current, topic, value));
                message.Value = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(value).Replace("\"AMBER\"", "\"GREEN\"", StringComparison.Ordinal));
                break;
        }

        return message;
    }
}
