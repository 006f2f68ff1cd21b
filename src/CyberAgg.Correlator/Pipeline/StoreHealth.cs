using CyberAgg.Correlator.Telemetry;
using CyberAgg.Storage.Writers;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Correlator.Pipeline;

/// <summary>
/// Whether the storage stage makes progress: counts retried inserts, and when an insert fails in a way no retry of
/// the writer fixes (a missing table, refused credentials, a server down for longer than the retry budget) marks
/// the pipeline stalled, logs it once per stall and paces the next attempt, until a store succeeds.
/// </summary>
internal sealed class StoreHealth(ILogger logger, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);
    private static int stalledPipelines;
    private long retries;
    private int failures;
    private DateTimeOffset since;
    private readonly Lock gate = new();
    private volatile string? stalled;

    /// <summary>Pipelines in this process whose storage is stalled (the gauge <c>cyberagg.correlator.store.stalled</c>).</summary>
    internal static int StalledPipelines => Volatile.Read(ref stalledPipelines);

    /// <summary>Null while storing works; else why it does not, in one line.</summary>
    public string? Stalled => stalled;

    /// <summary>Store attempts retried since start (transient failures and stalled attempts).</summary>
    public long Retries => Interlocked.Read(ref retries);

    /// <summary>A transient failure the writer retries itself.</summary>
    public void Retrying(Exception e, int attempt)
    {
        Interlocked.Increment(ref retries);
        CorrelatorInstrumentation.StoreRetries.Add(1, new KeyValuePair<string, object?>(CorrelatorInstrumentation.Tags.Reason, StoreErrors.Kind(e)));
        Log.StoreRetrying(logger, attempt + 1, StoreErrors.Kind(e), e.Message);
    }

    /// <summary>
    /// A store (or an assignment's storage read, <paramref name="what"/>) that cannot succeed as things are: marks the
    /// stall and returns how long to wait before trying again. The storage stage and the consuming thread may both call it.
    /// </summary>
    public TimeSpan Failed(Exception e, string what = "the insert")
    {
        lock (gate)
        {
            Interlocked.Increment(ref retries);
            CorrelatorInstrumentation.StoreRetries.Add(1, new KeyValuePair<string, object?>(CorrelatorInstrumentation.Tags.Reason, StoreErrors.Kind(e)));
            var reason = $"ClickHouse refuses {what} ({StoreErrors.Kind(e)}): {FirstLine(e.Message)}";
            if (stalled is null)
            {
                since = time.GetUtcNow();
                Interlocked.Increment(ref stalledPipelines);
                Log.StoreStalled(logger, reason);
            }
            else if (reason != stalled)
            {
                Log.StoreStalled(logger, reason);
            }

            stalled = reason;
            var backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks << Math.Min(failures, 16)));
            failures++;
            return backoff;
        }
    }

    /// <summary>A store succeeded: clears a stall.</summary>
    public void Progressed()
    {
        lock (gate)
        {
            failures = 0;
            if (stalled is null)
            {
                return;
            }

            stalled = null;
            Interlocked.Decrement(ref stalledPipelines);
            Log.StoreRecovered(logger, (time.GetUtcNow() - since).TotalSeconds);
        }
    }

    /// <summary>A pipeline going away while stalled no longer counts as a stalled one.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (stalled is not null)
            {
                stalled = null;
                Interlocked.Decrement(ref stalledPipelines);
            }
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
