using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using CyberAgg.Agent.Parsing;
using CyberAgg.Agent.Settings;
using CyberAgg.Agent.Telemetry;
using CyberAgg.Events;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Agent.Sources;

/// <summary>Syslog over TCP with RFC 6587 octet-counting or newline framing, decided per frame.</summary>
internal sealed class SyslogTcpSource : ISource, IDisposable
{
    private readonly InputOptions _options;
    private readonly int _maxRecordBytes;
    private readonly ILogger _logger;
    private readonly AgentTelemetry _telemetry;
    private readonly TcpListener _listener;
    private readonly OriginSequence _origins;

    public SyslogTcpSource(InputOptions options, int maxRecordBytes, ILogger logger, AgentTelemetry telemetry)
    {
        _options = options;
        _maxRecordBytes = maxRecordBytes;
        _logger = logger;
        _telemetry = telemetry;
        _listener = new TcpListener(options.Listen);
        _listener.Start();
        LocalEndPoint = (IPEndPoint)_listener.LocalEndpoint;
        _origins = new OriginSequence($"syslog_tcp:{LocalEndPoint}");
    }

    public string Name => _options.Name;

    public IPEndPoint LocalEndPoint { get; }

    public async Task RunAsync(ChannelWriter<RawRecord> output, CancellationToken cancellationToken)
    {
        Log.Listening(_logger, Name, "tcp", LocalEndPoint.ToString());
        var connections = new List<Task>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
                connections.RemoveAll(t => t.IsCompleted);
                connections.Add(ServeAsync(client, output, cancellationToken));
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down: fall through and let the open connections finish their current frame.
        }

        await Task.WhenAll(connections).ConfigureAwait(false);
    }

    public void Dispose() => _listener.Dispose();

    private async Task ServeAsync(TcpClient client, ChannelWriter<RawRecord> output, CancellationToken cancellationToken)
    {
        using var _ = client;
        var remote = client.Client.RemoteEndPoint?.ToString() ?? "?";
        var decoder = new SyslogFrameDecoder(_maxRecordBytes);
        var buffer = new byte[64 * 1024];
        var start = 0;
        var end = 0;
        var stream = client.GetStream();
        try
        {
            while (true)
            {
                if (start > 0)
                {
                    buffer.AsSpan(start, end - start).CopyTo(buffer);
                    end -= start;
                    start = 0;
                }

                if (end == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var n = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    await FlushUnterminatedAsync(buffer.AsMemory(start, end - start), output, cancellationToken).ConfigureAwait(false);
                    return;
                }

                end += n;
                while (true)
                {
                    var status = decoder.Decode(buffer.AsSpan(start, end - start), out var consumed, out var frame, out var failure);
                    var data = frame.ToArray();
                    start += consumed;
                    if (status == FrameStatus.NeedMoreData)
                    {
                        break;
                    }

                    if (status == FrameStatus.Invalid)
                    {
                        // The stream cannot be resynchronised: keep what was there as a dead letter and hang up.
                        await EmitAsync(output, buffer.AsSpan(start, end - start).ToArray(), failure, cancellationToken).ConfigureAwait(false);
                        Log.TcpFramingLost(_logger, Name, remote);
                        return;
                    }

                    await EmitAsync(output, data, status == FrameStatus.Oversized ? failure : null, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (IOException e)
        {
            _telemetry.Error(TagNames.ErrorTypes.ConnectionFailed, TagNames.Stages.Receiving);
            Log.ReceiveFailed(_logger, Name, e);
        }
    }

    // A sender that closes without a final newline still sent a message.
    private async Task FlushUnterminatedAsync(ReadOnlyMemory<byte> rest, ChannelWriter<RawRecord> output, CancellationToken cancellationToken)
    {
        var trimmed = rest.Span.Trim("\r\n\0 "u8);
        if (!trimmed.IsEmpty)
        {
            var failure = trimmed[0] is >= (byte)'1' and <= (byte)'9'
                ? new ParseFailure(DeadLetterReason.Truncated, "connection closed inside an octet-counted frame")
                : (ParseFailure?)null;
            await EmitAsync(output, trimmed.ToArray(), failure, cancellationToken).ConfigureAwait(false);
        }
    }

    private ValueTask EmitAsync(ChannelWriter<RawRecord> output, byte[] data, ParseFailure? failure, CancellationToken cancellationToken)
    {
        _telemetry.EventsReceived.Add(1, new KeyValuePair<string, object?>(TagNames.Input, Name));
        return output.WriteAsync(new RawRecord(data, _origins.Next(), _options.Format, null, Name, failure), cancellationToken);
    }
}
