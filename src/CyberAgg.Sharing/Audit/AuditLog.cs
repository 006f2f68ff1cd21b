using System.Threading.Channels;
using CyberAgg.Storage.Writers;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Sharing.Audit;

/// <summary>
/// Writes audit rows to <c>sharing_audit</c>: directly (the sharing service, before it commits offsets) or queued and
/// flushed in batches (API reads), so a request never waits for ClickHouse to record that it was served.
/// </summary>
public sealed class AuditLog : IAsyncDisposable
{
    private const int BatchSize = 2000;
    private readonly ClickHouseWriter writer;
    private readonly string table;
    private readonly ILogger logger;
    private readonly Channel<AuditRecord> queue = Channel.CreateBounded<AuditRecord>(new BoundedChannelOptions(100_000)
    {
        // Waiting, not dropping: an audit row is never lost silently; a stalled store slows readers instead.
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
    });

    private readonly Task flusher;
    private long sequence;

    public AuditLog(ClickHouseWriter writer, string database, ILogger logger)
    {
        this.writer = writer ?? throw new ArgumentNullException(nameof(writer));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        table = $"{database}.sharing_audit";
        flusher = Task.Run(FlushLoopAsync);
    }

    /// <summary>Inserts now; the token makes a retried insert count once.</summary>
    public Task WriteAsync(IReadOnlyList<AuditRecord> records, string deduplicationToken, CancellationToken cancellationToken) =>
        writer.InsertAsync(table, AuditRecord.Columns, records.Select(r => r.ToRow()).ToList(), deduplicationToken, cancellationToken);

    /// <summary>Queues a row for the background flush.</summary>
    public ValueTask EnqueueAsync(AuditRecord record, CancellationToken cancellationToken) => queue.Writer.WriteAsync(record, cancellationToken);

    private async Task FlushLoopAsync()
    {
        var batch = new List<AuditRecord>(BatchSize);
        while (await queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < BatchSize && queue.Reader.TryRead(out var record))
            {
                batch.Add(record);
            }

            try
            {
                var token = $"audit:{Environment.ProcessId}:{Guid.NewGuid():N}:{Interlocked.Increment(ref sequence)}";
                await WriteAsync(batch, token, CancellationToken.None);
                SharingInstrumentation.AuditRows.Add(batch.Count);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The writer already retried with backoff; the rows are reported, not silently dropped.
                SharingInstrumentation.AuditErrors.Add(batch.Count);
                Log.AuditWriteFailed(logger, batch.Count, e);
            }

            batch.Clear();
        }
    }

    /// <summary>Flushes what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await flusher;
    }
}
