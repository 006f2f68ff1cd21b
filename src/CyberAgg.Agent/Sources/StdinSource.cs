using System.Threading.Channels;
using CyberAgg.Agent.Settings;
using CyberAgg.Agent.Telemetry;

namespace CyberAgg.Agent.Sources;

/// <summary>Lines from standard input (or any stream); the input ends at end of stream.</summary>
internal sealed class StdinSource : ISource
{
    private readonly InputOptions _options;
    private readonly Func<Stream> _open;
    private readonly int _maxRecordBytes;
    private readonly AgentTelemetry _telemetry;
    private readonly OriginSequence _origins = new("stdin");

    public StdinSource(InputOptions options, Func<Stream> open, int maxRecordBytes, AgentTelemetry telemetry)
    {
        _options = options;
        _open = open;
        _maxRecordBytes = maxRecordBytes;
        _telemetry = telemetry;
    }

    public string Name => _options.Name;

    public async Task RunAsync(ChannelWriter<RawRecord> output, CancellationToken cancellationToken)
    {
        using var stream = _open();
        var splitter = new LineSplitter(_maxRecordBytes);
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var n = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                foreach (var line in splitter.Push(buffer.AsSpan(0, n)))
                {
                    await EmitAsync(output, line, cancellationToken).ConfigureAwait(false);
                }
            }

            if (splitter.Flush() is { } last)
            {
                await EmitAsync(output, last, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: a partial last line is not a record.
        }
    }

    private ValueTask EmitAsync(ChannelWriter<RawRecord> output, byte[] line, CancellationToken cancellationToken)
    {
        _telemetry.EventsReceived.Add(1, new KeyValuePair<string, object?>(TagNames.Input, Name));
        return output.WriteAsync(new RawRecord(line, _origins.Next(), _options.Format, null, Name), cancellationToken);
    }
}
