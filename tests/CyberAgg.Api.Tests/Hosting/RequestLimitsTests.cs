using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using CyberAgg.Api.Tests.Support;
using CyberAgg.Sharing.Tests;
using CyberAgg.Testing;

namespace CyberAgg.Api.Tests.Hosting;

/// <summary>Token expiry and rotation, the per-token stream limit, bad bodies, and what counts as an authentication failure.</summary>
[Collection(ApiCollection.Name)]
public sealed class RequestLimitsTests(ApiFixture fixture)
{
    [Fact]
    public async Task Me_ExpiredToken_Is401_WhileBothRotationTokensWork()
    {
        using var expired = fixture.As(TestConfig.LtExpiredToken);
        using var current = fixture.As(TestConfig.LtToken);
        using var next = fixture.As(TestConfig.LtNextToken);

        (await expired.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await current.GetStringAsync("/api/me")).ShouldContain("\"lt-cert\"");
        (await next.GetStringAsync("/api/me")).ShouldContain("\"lt-cert\"");
    }

    [Fact]
    public async Task Stream_MoreThanTheLimitPerToken_Is429_OtherTokensAndFreedSlotsStillWork()
    {
        // A token no other test streams with, so slots this test holds never block another test.
        using var lv = fixture.As(TestConfig.LtNextToken);
        var open = new List<HttpResponseMessage>();
        try
        {
            for (var i = 0; i < 8; i++)
            {
                var response = await lv.GetAsync("/api/alerts/stream", HttpCompletionOption.ResponseHeadersRead);
                response.StatusCode.ShouldBe(HttpStatusCode.OK);
                open.Add(response);
            }

            var ninth = await lv.GetAsync("/api/alerts/stream", HttpCompletionOption.ResponseHeadersRead);
            ninth.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
            (await ninth.Content.ReadAsStringAsync()).ShouldContain("max_streams_per_token");

            using var ee = fixture.As(TestConfig.EeToken);
            using (var other = await ee.GetAsync("/api/alerts/stream", HttpCompletionOption.ResponseHeadersRead))
            {
                other.StatusCode.ShouldBe(HttpStatusCode.OK);
            }

            open[0].Dispose();
            open.RemoveAt(0);
            await Eventually.WaitAsync(async () =>
            {
                var again = await lv.GetAsync("/api/alerts/stream", HttpCompletionOption.ResponseHeadersRead);
                if (again.StatusCode == HttpStatusCode.OK)
                {
                    open.Add(again);
                    return true;
                }

                again.Dispose();
                return false;
            }, "a closed stream frees its slot", TimeSpan.FromSeconds(20));
        }
        finally
        {
            open.ForEach(r => r.Dispose());
        }
    }

    [Fact]
    public async Task Ack_BodyWithInvalidUtf8_Is400()
    {
        using var ee = fixture.As(TestConfig.EeToken);
        var content = new ByteArrayContent([(byte)'{', (byte)'"', (byte)'n', (byte)'o', (byte)'t', (byte)'e', (byte)'"', (byte)':', (byte)'"', 0xff, 0xfe, (byte)'"', (byte)'}']);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await ee.PostAsync("/api/alerts/seed-shared/ack", content);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Ack_TenMegabyteChunkedBody_Is413()
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, fixture.BaseAddress.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "POST /api/alerts/seed-shared/ack HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestConfig.EeToken +
            "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var chunk = Encoding.ASCII.GetBytes("10000\r\n" + new string('x', 0x10000) + "\r\n");
        // Up to 10 MB in 64 KiB chunks, until the server stops reading; the answer is what matters.
        var sending = Task.Run(async () =>
        {
            for (var sent = 0; sent < 10 * 1024 * 1024; sent += 0x10000)
            {
                await stream.WriteAsync(chunk, timeout.Token);
            }
        });

        using var reader = new StreamReader(stream, Encoding.ASCII);
        var status = await reader.ReadLineAsync(timeout.Token);

        status.ShouldStartWith("HTTP/1.1 413");
        socket.Close();
        // The writer ends either way (all sent, or the connection closed under it); only the status line is asserted.
        await Task.WhenAny(sending);
    }

    [Fact]
    public async Task Ack_BodyTricklingIn_Is408()
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, fixture.BaseAddress.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "POST /api/alerts/seed-shared/ack HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestConfig.EeToken +
            "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"note\":\""));
        await stream.FlushAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var reader = new StreamReader(stream, Encoding.ASCII);
        var status = await reader.ReadLineAsync(timeout.Token);

        status.ShouldStartWith("HTTP/1.1 408");
    }

    [Fact]
    public async Task Me_WithoutCredential_IsNotCountedAsAuthenticationFailure_AWrongTokenIs()
    {
        long failures = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "cyberagg.api.auth.failures")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref failures, value));
        listener.Start();
        using var anonymous = fixture.Anonymous();
        using var wrong = fixture.As("cyb_not-a-token-of-anyone-0123456789abcdefghijklmno");

        (await anonymous.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        Interlocked.Read(ref failures).ShouldBe(0);
        (await wrong.GetAsync("/api/me")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        Interlocked.Read(ref failures).ShouldBe(1);
    }
}
