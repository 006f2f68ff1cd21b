using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.Channels;
using CyberAgg.Agent.Settings;
using CyberAgg.Agent.Sources;
using CyberAgg.Agent.Telemetry;
using CyberAgg.Agent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CyberAgg.Agent.Tests.Sources;

/// <summary>
/// Issue 11 item 7 over real loopback sockets: syslog over TLS (RFC 5425) with and without client certificates, the
/// source allowlist for TCP and UDP, and the connection limits. Every refusal is counted by reason.
/// </summary>
public sealed class SyslogListenerSecurityTests : IDisposable
{
    private const string Message = "<34>1 2026-03-01T12:00:00Z fw1 sshd 42 - - Failed password for root";
    private readonly AgentTelemetry _telemetry = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TestCertificates _certificates = new();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<string> _refusals = new();

    public SyslogListenerSecurityTests()
    {
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, _telemetry.Meter) && instrument.Name == "cyberagg.agent.connections.refused")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == TagNames.Reason)
                {
                    _refusals.Enqueue((string)tag.Value!);
                }
            }
        });
        _listener.Start();
    }

    [Fact]
    public async Task Tls_ClientWithCertificateFromTheCa_FramesArrive()
    {
        using var source = TcpSource(tls: true, clientCa: true);
        var channel = ChannelDrain.Create();
        var run = source.RunAsync(channel.Writer, _stop.Token);
        using var client = new TcpClient();
        await client.ConnectAsync(source.LocalEndPoint);
        await using var ssl = new SslStream(client.GetStream());
        await ssl.AuthenticateAsClientAsync(ClientOptions(_certificates.Client()));
        await ssl.WriteAsync(OctetCounted(Message));

        var record = await ReadOneAsync(channel);
        Encoding.UTF8.GetString(record.Data).ShouldBe(Message);
        record.Origin.ShouldStartWith("syslog_tls:");
        await _stop.CancelAsync();
        ssl.Close();
        await run;
    }

    [Fact]
    public async Task Tls_WithoutClientCaConfigured_AnyTlsClientIsServed()
    {
        using var source = TcpSource(tls: true, clientCa: false);
        var channel = ChannelDrain.Create();
        var run = source.RunAsync(channel.Writer, _stop.Token);
        using var client = new TcpClient();
        await client.ConnectAsync(source.LocalEndPoint);
        await using var ssl = new SslStream(client.GetStream());
        await ssl.AuthenticateAsClientAsync(ClientOptions(certificate: null));
        await ssl.WriteAsync(Encoding.UTF8.GetBytes(Message + "\n"));

        Encoding.UTF8.GetString((await ReadOneAsync(channel)).Data).ShouldBe(Message);
        await _stop.CancelAsync();
        ssl.Close();
        await run;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Tls_ClientCaRequired_NoCertificateOrAStrangersIsRefusedAndNothingArrives(bool strangerCertificate)
    {
        using var source = TcpSource(tls: true, clientCa: true);
        var channel = ChannelDrain.Create();
        var run = source.RunAsync(channel.Writer, _stop.Token);
        using var client = new TcpClient();
        await client.ConnectAsync(source.LocalEndPoint);
        await using var ssl = new SslStream(client.GetStream());

        // TLS 1.3 reports a refused client certificate on the first read after the handshake, TLS 1.2 in the handshake.
        bool refused;
        try
        {
            await ssl.AuthenticateAsClientAsync(ClientOptions(strangerCertificate ? _certificates.Client(trusted: false) : null));
            await ssl.WriteAsync(OctetCounted(Message));
            refused = await ssl.ReadAsync(new byte[1]).AsTask().WaitAsync(TimeSpan.FromSeconds(10)) == 0;
        }
        catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException)
        {
            refused = true;
        }

        refused.ShouldBeTrue("the agent ends the session");
        await WaitFor.ConditionAsync(() => _refusals.Contains("tls_handshake_failed"), TimeSpan.FromSeconds(10), "the refusal is counted");
        await _stop.CancelAsync();
        await run;
        ChannelDrain.Records(channel).ShouldBeEmpty();
    }

    [Fact]
    public async Task Tcp_PlainClientOnTlsListener_RefusedWithoutARecord()
    {
        using var source = TcpSource(tls: true, clientCa: true);
        var channel = ChannelDrain.Create();
        var run = source.RunAsync(channel.Writer, _stop.Token);
        using var client = new TcpClient();
        await client.ConnectAsync(source.LocalEndPoint);
        await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(Message + "\n"));

        await WaitFor.ConditionAsync(() => _refusals.Contains("tls_handshake_failed"), TimeSpan.FromSeconds(10), "plain text is not a TLS hello");
        await _stop.CancelAsync();
        await run;
        ChannelDrain.Records(channel).ShouldBeEmpty();
    }

    [Fact]
    public async Task Tcp_SourceOutsideTheAllowlist_ClosedAndCounted_InsideServed()
    {
        using var refusing = TcpSource(allow: ["192.0.2.0/24"]);
        using var accepting = TcpSource(allow: ["192.0.2.0/24", "127.0.0.0/8"]);
        var refused = ChannelDrain.Create();
        var accepted = ChannelDrain.Create();
        var runs = new[] { refusing.RunAsync(refused.Writer, _stop.Token), accepting.RunAsync(accepted.Writer, _stop.Token) };

        using (var outsider = new TcpClient())
        {
            await outsider.ConnectAsync(refusing.LocalEndPoint);
            (await outsider.GetStream().ReadAsync(new byte[1]).AsTask().WaitAsync(TimeSpan.FromSeconds(10))).ShouldBe(0, "the agent hung up at once");
        }

        using var insider = new TcpClient();
        await insider.ConnectAsync(accepting.LocalEndPoint);
        await insider.GetStream().WriteAsync(Encoding.UTF8.GetBytes(Message + "\n"));

        Encoding.UTF8.GetString((await ReadOneAsync(accepted)).Data).ShouldBe(Message);
        _refusals.ShouldContain(ConnectionGate.NotAllowed);
        await _stop.CancelAsync();
        insider.Close();
        await Task.WhenAll(runs);
        ChannelDrain.Records(refused).ShouldBeEmpty();
    }

    [Fact]
    public async Task Udp_SourceOutsideTheAllowlist_DatagramDroppedAndCounted()
    {
        var input = TestAgent.Syslog(InputType.SyslogUdp);
        using var source = new SyslogUdpSource(new InputOptions { Name = input.Name, Type = input.Type, Listen = input.Listen, Allow = [IPNetwork.Parse("192.0.2.0/24")] }, NullLogger.Instance, _telemetry);
        var channel = ChannelDrain.Create();
        var run = source.RunAsync(channel.Writer, _stop.Token);
        using var client = new UdpClient();
        await client.SendAsync(Encoding.UTF8.GetBytes(Message), source.LocalEndPoint);

        await WaitFor.ConditionAsync(() => _refusals.Contains(ConnectionGate.NotAllowed), TimeSpan.FromSeconds(10), "the datagram is refused");
        await _stop.CancelAsync();
        await run;
        ChannelDrain.Records(channel).ShouldBeEmpty();
    }

    [Fact]
    public async Task Tcp_MoreConnectionsThanTheLimit_ExtraOnesClosedAndCounted_OpenOnesKeepWorking()
    {
        using var source = TcpSource(maxConnections: 2);
        var channel = ChannelDrain.Create();
        var run = source.RunAsync(channel.Writer, _stop.Token);
        using var first = new TcpClient();
        using var second = new TcpClient();
        using var third = new TcpClient();
        await first.ConnectAsync(source.LocalEndPoint);
        await second.ConnectAsync(source.LocalEndPoint);
        await WaitFor.ConditionAsync(() => source.OpenConnections == 2, TimeSpan.FromSeconds(10), "two connections are served");
        await third.ConnectAsync(source.LocalEndPoint);

        (await third.GetStream().ReadAsync(new byte[1]).AsTask().WaitAsync(TimeSpan.FromSeconds(10))).ShouldBe(0, "the third was closed");
        await first.GetStream().WriteAsync(Encoding.UTF8.GetBytes(Message + "\n"));
        await second.GetStream().WriteAsync(Encoding.UTF8.GetBytes(Message + "\n"));
        (await ReadOneAsync(channel)).Data.Length.ShouldBeGreaterThan(0);
        (await ReadOneAsync(channel)).Data.Length.ShouldBeGreaterThan(0);
        _refusals.ShouldContain(ConnectionGate.TooMany);

        first.Close();
        await WaitFor.ConditionAsync(() => source.OpenConnections == 1, TimeSpan.FromSeconds(10), "a closed connection frees its slot");
        using var fourth = new TcpClient();
        await fourth.ConnectAsync(source.LocalEndPoint);
        await fourth.GetStream().WriteAsync(Encoding.UTF8.GetBytes(Message + "\n"));
        (await ReadOneAsync(channel)).Data.Length.ShouldBeGreaterThan(0);
        await _stop.CancelAsync();
        second.Close();
        fourth.Close();
        await run;
    }

    [Fact]
    public async Task Tcp_IdleConnection_ClosedAfterTheIdleTimeout()
    {
        using var source = TcpSource(idle: TimeSpan.FromSeconds(1));
        var channel = ChannelDrain.Create();
        var run = source.RunAsync(channel.Writer, _stop.Token);
        using var client = new TcpClient();
        await client.ConnectAsync(source.LocalEndPoint);

        (await client.GetStream().ReadAsync(new byte[1]).AsTask().WaitAsync(TimeSpan.FromSeconds(20))).ShouldBe(0, "the agent closed the idle connection");
        await WaitFor.ConditionAsync(() => source.OpenConnections == 0, TimeSpan.FromSeconds(10), "its slot is freed");
        await _stop.CancelAsync();
        await run;
    }

    public void Dispose()
    {
        _listener.Dispose();
        _certificates.Dispose();
        _stop.Dispose();
        _telemetry.Dispose();
    }

    private SyslogTcpSource TcpSource(bool tls = false, bool clientCa = false, string[]? allow = null, int maxConnections = 256, TimeSpan? idle = null)
    {
        var input = TestAgent.Syslog(InputType.SyslogTcp);
        var options = new InputOptions
        {
            Name = input.Name,
            Type = input.Type,
            Listen = input.Listen,
            Allow = (allow ?? []).Select(IPNetwork.Parse).ToList(),
            MaxConnections = maxConnections,
            MaxConnectionsPerSource = maxConnections,
            IdleTimeout = idle ?? TimeSpan.FromMinutes(5),
            Tls = tls
                ? new SyslogTlsOptions { CertificateFile = _certificates.ServerCertificateFile, KeyFile = _certificates.ServerKeyFile, ClientCaFile = clientCa ? _certificates.CaFile : null }
                : null,
        };
        return new SyslogTcpSource(options, 64 * 1024, NullLogger.Instance, _telemetry);
    }

    private SslClientAuthenticationOptions ClientOptions(X509Certificate2? certificate) => new()
    {
        TargetHost = "127.0.0.1",
        ClientCertificates = certificate is null ? null : [certificate],
        RemoteCertificateValidationCallback = (_, server, _, _) =>
        {
            // The sender checks the agent against the test CA, as rsyslog's gtls driver does with its CA file.
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(_certificates.Ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return server is not null && chain.Build(X509CertificateLoader.LoadCertificate(server.GetRawCertData()));
        },
    };

    private static byte[] OctetCounted(string message) => Encoding.UTF8.GetBytes($"{Encoding.UTF8.GetByteCount(message)} {message}");

    private static async Task<RawRecord> ReadOneAsync(Channel<RawRecord> channel)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await channel.Reader.ReadAsync(timeout.Token);
    }
}
