using System.Diagnostics;
using CyberAgg.Storage.Writers;

namespace CyberAgg.Bench.Latency;

/// <summary>
/// Polls ClickHouse for pending probes: a probe is queryable when both of its events can be selected. The interval is
/// read before every poll, so it can follow the phase.
/// </summary>
internal sealed class QueryablePoller(ClickHouseWriter writer, string database, Func<TimeSpan> interval, ProbeTracker probes)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval());
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (interval() is var period && period != timer.Period)
                {
                    timer.Period = period;
                }

                var pending = probes.PendingQueryable();
                if (pending.Count == 0)
                {
                    continue;
                }

                var list = string.Join(", ", pending.Select(ip => $"'{ip}'"));
                var rows = await writer.QueryAsync($"SELECT source_ip FROM {database}.events WHERE source_ip IN ({list}) GROUP BY source_ip HAVING count() >= 2", cancellationToken);
                var now = Stopwatch.GetTimestamp();
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
