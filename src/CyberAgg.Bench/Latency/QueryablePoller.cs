using System.Diagnostics;
using CyberAgg.Storage.Writers;

namespace CyberAgg.Bench.Latency;

/// <summary>
/// Polls ClickHouse for pending probes: a probe is queryable when both of its events can be selected. The interval is
/// read before every poll, so it can follow the phase; after a slow poll the poller waits twice as long as the poll
/// took, so it holds an engine session a third of the time at most. Polling every 25 ms back to back, its scans of the
/// growing events table took 30-47 s of engine time in a bench run on two cores: the harness competed with the
/// pipeline it measures, alert rows included.
/// </summary>
internal sealed class QueryablePoller(ClickHouseWriter writer, string database, Func<TimeSpan> interval, ProbeTracker probes)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var lastPoll = TimeSpan.Zero;
        try
        {
            while (true)
            {
                var pause = interval();
                await Task.Delay(pause > 2 * lastPoll ? pause : 2 * lastPoll, cancellationToken);
                lastPoll = TimeSpan.Zero;
                var pending = probes.PendingQueryable();
                if (pending.Count == 0)
                {
                    continue;
                }

                var started = Stopwatch.GetTimestamp();
                var list = string.Join(", ", pending.Select(ip => $"'{ip}'"));
                var rows = await writer.QueryAsync($"SELECT source_ip FROM {database}.events WHERE source_ip IN ({list}) GROUP BY source_ip HAVING count() >= 2", cancellationToken);
                var now = Stopwatch.GetTimestamp();
                lastPoll = Stopwatch.GetElapsedTime(started, now);
                foreach (var row in rows)
                {
                    probes.Queryable(row[0], now);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped at the end of the run.
        }
    }
}
