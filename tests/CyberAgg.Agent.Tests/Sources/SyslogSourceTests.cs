using System.Net.Sockets;
using System.Text;
using CyberAgg.Agent.Parsing;
using CyberAgg.Agent.Settings;
using CyberAgg.Agent.Sources;
using CyberAgg.Agent.Telemetry;
using CyberAgg.Agent.Tests.Support;
using CyberAgg.Events;
using Microsoft.Extensions.Logging.Abstractions;

namespace CyberAgg.Agent.Tests.Sources;

/// <summary>Syslog over real loopback sockets: UDP datagrams, TCP octet-counted and newline-framed streams.</summary>
public sealed class SyslogSourceTests : IDisposable
{
    private const string Rfc5424 = "<34>1 2026-03-01T12:00:00.000Z fw1 sshd 42 ID47 - Failed password for root from 198.51.100.7";
    private const string Rfc3164 = "<13>Mar  1 12:00:00 fw1 kernel: DROP IN=eth0 SRC=203.0.113.5";
    private readonly AgentTelemetry _telemetry = new();
    private readonly CancellationTokenSource _stop = new();

    [Fact]
    public async Task Udp_Datagrams_BecomeOneRecordEach()
    {
        using var source = new SyslogUdpSource(TestAgent.Syslog(InputType.SyslogUdp), NullLogger.Instance, _telemetry);
        var channel = ChannelDrain.Create();
        var run = source.RunAsync(channel.Writer, _stop.Token);
        using var client = new UdpClient();

        await client.SendAsync(Encoding.UTF8.GetBytes(Rfc5424), source.LocalEndPoint);
        await client.SendAsync(Encoding.UTF8.GetBytes(Rfc3164 + "\n"), source.LocalEndPoint);

        var records = await ReadAsync(channel, 2);
        records.Select(r => Encoding.UTF8.GetString(r.Data)).ShouldBe([Rfc5424, Rfc3164]);
        records.Select(r => r.Origin).Distinct().Count().ShouldBe(2);
        await _stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Tcp_OctetCountingAndNewlineFramingOnOneConnection_AreSplitExactly()
    {
        using var source = new SyslogTcpSource(TestAgent.Syslog(InputType.SyslogTcp), 64 * 1024, NullLogger.Instance, _telemetry);
        var channel = ChannelDrain.Create();
        var run = source.RunAsync(channel.Writer, _stop.Token);
        using var client = new TcpClient();
        await client.ConnectAsync(source.LocalEndPoint);
        var stream = client.GetStream();
        var withNewline = "<34>1 2026-03-01T12:00:00Z h a - - - message with\nan embedded newline";
        var payload = $"{Encoding.UTF8.GetByteCount(withNewline)} {withNewline}{Rfc3164}\n{Encoding.UTF8.GetByteCount(Rfc5424)} {Rfc5424}";

        // Byte by byte: framing must not depend on how the stream is chunked.
        foreach (var b in Encoding.UTF8.GetBytes(payload))
        {
            await stream.WriteAsync(new[] { b });
        }

        var records = await ReadAsync(channel, 3);
        records.Select(r => Encoding.UTF8.GetString(r.Data)).ShouldBe([withNewline, Rfc3164, Rfc5424]);
        await _stop.CancelAsync();
        client.Close();
        await run;
    }

    [Fact]
    public async Task Tcp_GarbageOctetCount_DeadLettersTheRestAndClosesTheConnection()
    {
        using var source = new SyslogTcpSource(TestAgent.Syslog(InputType.SyslogTcp), 64 * 1024, NullLogger.Instance, _telemetry);
        var channel = ChannelDrain.Create();
        var run = source.RunAsync(channel.Writer, _stop.Token);
        using var client = new TcpClient();
        await client.ConnectAsync(source.LocalEndPoint);
        await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes("12x4 nonsense\n"));

        var record = (await ReadAsync(channel, 1)).Single();
        record.Failure!.Value.Reason.ShouldBe(DeadLetterReason.InvalidFrame);
        Encoding.UTF8.GetString(record.Data).ShouldBe("12x4 nonsense\n");
        (await client.GetStream().ReadAsync(new byte[1])).ShouldBe(0, "the agent hung up");
        await _stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Tcp_SenderClosesWithoutFinalNewline_LastMessageStillCounts()
    {
        using var source = new SyslogTcpSource(TestAgent.Syslog(InputType.SyslogTcp), 64 * 1024, NullLogger.Instance, _telemetry);
        var channel = ChannelDrain.Create();
        var run = source.RunAsync(channel.Writer, _stop.Token);
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(source.LocalEndPoint);
            await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(Rfc3164));
        }

        (await ReadAsync(channel, 1)).Single().Data.ShouldBe(Encoding.UTF8.GetBytes(Rfc3164));
        await _stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Stdin_Lines_AreRecordsAndTheInputEndsAtEndOfStream()
    {
        var input = new InputOptions { Name = "stdin", Type = InputType.Stdin, Format = InputFormat.Cef };
        var bytes = Encoding.UTF8.GetBytes("CEF:0|V|P|1|100|n|5|src=10.0.0.1\r\nsecond\nlast-without-newline");
        var source = new StdinSource(input, () => new MemoryStream(bytes), 1024, _telemetry);
        var channel = ChannelDrain.Create();

        await source.RunAsync(channel.Writer, default).WaitAsync(TimeSpan.FromSeconds(10));

        var records = ChannelDrain.Records(channel);
        records.Select(r => Encoding.UTF8.GetString(r.Data)).ShouldBe(["CEF:0|V|P|1|100|n|5|src=10.0.0.1", "second", "last-without-newline"]);
        records.ShouldAllBe(r => r.Format == InputFormat.Cef);
    }

    public void Dispose()
    {
        _stop.Dispose();
        _telemetry.Dispose();
    }

    private static async Task<List<RawRecord>> ReadAsync(System.Threading.Channels.Channel<RawRecord> channel, int count)
    {
        var records = new List<RawRecord>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (records.Count < count)
        {
            records.Add(await channel.Reader.ReadAsync(timeout.Token));
        }

        return records;
    }
}
