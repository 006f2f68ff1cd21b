using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using CyberAgg.Agent.Settings;
using CyberAgg.Agent.Telemetry;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Agent.Sources;

/// <summary>Syslog over UDP (RFC 5426): one message per datagram.</summary>
internal sealed class SyslogUdpSource : ISource, IDisposable
{
    private readonly InputOptions _options;
    private readonly ILogger _logger;
    private readonly AgentTelemetry _telemetry;
    private readonly Socket _socket;
    private readonly OriginSequence _origins;
    private readonly ConnectionGate _gate;
    private long _dropped;
    private long _refused;

    /// <summary>Binds at construction so a taken port fails at startup and tests learn the port before sending.</summary>
    public SyslogUdpSource(InputOptions options, ILogger logger, AgentTelemetry telemetry)
    {
        _options = options;
        _logger = logger;
        _telemetry = telemetry;
        _socket = new Socket(options.Listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        // A larger kernel buffer rides out bursts while the pipeline is briefly busy.
        _socket.ReceiveBufferSize = 4 * 1024 * 1024;
        _socket.Bind(options.Listen);
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _origins = new OriginSequence($"syslog_udp:{LocalEndPoint}");
        _gate = new ConnectionGate(options.Allow, int.MaxValue, int.MaxValue);
    }

    public string Name => _options.Name;

    public IPEndPoint LocalEndPoint { get; }

    public async Task RunAsync(ChannelWriter<RawRecord> output, CancellationToken cancellationToken)
    {
        Log.Listening(_logger, Name, "udp", LocalEndPoint.ToString());
        var buffer = GC.AllocateUninitializedArray<byte>(65536);
        var any = new IPEndPoint(LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            int received;
            IPEndPoint sender;
            try
            {
                var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
                received = result.ReceivedBytes;
                sender = (IPEndPoint)result.RemoteEndPoint;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException e)
            {
                _telemetry.Error(TagNames.ErrorTypes.ReadFailed, TagNames.Stages.Receiving);
                Log.ReceiveFailed(_logger, Name, e);
                continue;
            }

            if (!_gate.IsAllowed(sender.Address))
            {
                // UDP senders can be spoofed: the allowlist filters noise and misconfiguration, TLS (syslog_tcp) authenticates.
                _telemetry.ConnectionsRefused.Add(1, new KeyValuePair<string, object?>(TagNames.Input, Name), new KeyValuePair<string, object?>(TagNames.Reason, ConnectionGate.NotAllowed));
                var refused = ++_refused;
                if ((refused & (refused - 1)) == 0)
                {
                    Log.Refused(_logger, Name, sender.ToString(), ConnectionGate.NotAllowed, refused);
                }

                continue;
            }

            var data = buffer.AsSpan(0, received).TrimEnd("\r\n\0"u8).ToArray();
            _telemetry.EventsReceived.Add(1, new KeyValuePair<string, object?>(TagNames.Input, Name));
            // UDP cannot push back: when the pipeline is full the datagram is dropped here, counted and logged,
            // rather than silently in the kernel.
            if (!output.TryWrite(new RawRecord(data, _origins.Next(), _options.Format, null, Name)))
            {
                var dropped = Interlocked.Increment(ref _dropped);
                _telemetry.EventsDropped.Add(1, new KeyValuePair<string, object?>(TagNames.Reason, "input_overflow"));
                if ((dropped & (dropped - 1)) == 0)
                {
                    Log.UdpOverflow(_logger, Name, dropped);
                }
            }
        }
    }

    public void Dispose() => _socket.Dispose();
}
