using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading.Channels;
using CyberAgg.Agent.Parsing;
using CyberAgg.Agent.Settings;
using CyberAgg.Agent.Telemetry;
using CyberAgg.Events;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Agent.Sources;

/// <summary>
/// Syslog over TCP with RFC 6587 octet-counting or newline framing, decided per frame, optionally over TLS
/// (RFC 5425, with client certificates). Senders outside <c>allow</c>, beyond the connection limits, or failing the
/// TLS handshake are refused and counted; idle connections are closed.
/// </summary>
internal sealed class SyslogTcpSource : ISource, IDisposable
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);
    private readonly InputOptions _options;
    private readonly int _maxRecordBytes;
    private readonly ILogger _logger;
    private readonly AgentTelemetry _telemetry;
    private readonly TcpListener _listener;
    private readonly OriginSequence _origins;
    private readonly ConnectionGate _gate;
    private readonly SyslogTls? _tls;
    private readonly ConcurrentDictionary<string, long> _refusals = new(StringComparer.Ordinal);

    public SyslogTcpSource(InputOptions options, int maxRecordBytes, ILogger logger, AgentTelemetry telemetry)
    {
        _options = options;
        _maxRecordBytes = maxRecordBytes;
        _logger = logger;
        _telemetry = telemetry;
        _gate = new ConnectionGate(options.Allow, options.MaxConnections, options.MaxConnectionsPerSource);
        _tls = options.Tls is { } tls ? new SyslogTls(tls, options.Name) : null;
        _listener = new TcpListener(options.Listen);
        _listener.Start();
        LocalEndPoint = (IPEndPoint)_listener.LocalEndpoint;
        _origins = new OriginSequence($"{(_tls is null ? "syslog_tcp" : "syslog_tls")}:{LocalEndPoint}");
    }

    public string Name => _options.Name;

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Connections being served now (for tests and diagnostics).</summary>
    public int OpenConnections => _gate.Open;

    public async Task RunAsync(ChannelWriter<RawRecord> output, CancellationToken cancellationToken)
    {
        Log.Listening(_logger, Name, _tls is null ? "tcp" : "tls", LocalEndPoint.ToString());
        var connections = new List<Task>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
                connections.RemoveAll(t => t.IsCompleted);
                var remote = (IPEndPoint)client.Client.RemoteEndPoint!;
                if (_gate.TryEnter(remote.Address) is { } reason)
                {
                    Refuse(remote, reason);
                    client.Dispose();
                    continue;
                }

                connections.Add(ServeAsync(client, remote, output, cancellationToken));
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down: fall through and let the open connections finish their current frame.
        }

        await Task.WhenAll(connections).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _tls?.Dispose();
    }

    private void Refuse(IPEndPoint remote, string reason)
    {
        _telemetry.ConnectionsRefused.Add(1, new KeyValuePair<string, object?>(TagNames.Input, Name), new KeyValuePair<string, object?>(TagNames.Reason, reason));
        var count = _refusals.AddOrUpdate(reason, 1, (_, n) => n + 1);
        if ((count & (count - 1)) == 0)
        {
            // 1, 2, 4, 8, ...: a flood of refusals is visible without flooding the log.
            Log.Refused(_logger, Name, remote.ToString(), reason, count);
        }
    }

    private async Task ServeAsync(TcpClient client, IPEndPoint remote, ChannelWriter<RawRecord> output, CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var _ = client;
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Stream stream = client.GetStream();
        try
        {
            if (_tls is not null)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                idle.CancelAfter(HandshakeTimeout);
                try
                {
                    await ssl.AuthenticateAsServerAsync(_tls.ServerOptions(), idle.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is AuthenticationException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    Log.TlsFailed(_logger, Name, remote.ToString(), e.Message);
                    Refuse(remote, "tls_handshake_failed");
                    return;
                }
            }

            await ReadFramesAsync(stream, remote, idle, output, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Log.IdleClosed(_logger, Name, remote.ToString(), _options.IdleTimeout.TotalSeconds);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
        catch (IOException e)
        {
            _telemetry.Error(TagNames.ErrorTypes.ConnectionFailed, TagNames.Stages.Receiving);
            Log.ReceiveFailed(_logger, Name, e);
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            _gate.Leave(remote.Address);
        }
    }

    private async Task ReadFramesAsync(Stream stream, IPEndPoint remote, CancellationTokenSource idle, ChannelWriter<RawRecord> output, CancellationToken cancellationToken)
    {
        var decoder = new SyslogFrameDecoder(_maxRecordBytes);
        var buffer = new byte[16 * 1024];
        var start = 0;
        var end = 0;
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

            idle.CancelAfter(_options.IdleTimeout);
            var n = await stream.ReadAsync(buffer.AsMemory(end), idle.Token).ConfigureAwait(false);
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
                    Log.TcpFramingLost(_logger, Name, remote.ToString());
                    return;
                }

                await EmitAsync(output, data, status == FrameStatus.Oversized ? failure : null, cancellationToken).ConfigureAwait(false);
            }
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
