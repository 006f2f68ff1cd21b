using System.Diagnostics;
using CyberAgg.Bench.Latency;
using CyberAgg.Storage.Writers;

namespace CyberAgg.Bench.Baselines;

/// <summary>
/// Baseline (b), today's SIEM approach: the cross-border detection as a ClickHouse query over the stored events,
/// run every period. A probe counts as detected when the first run that returns its indicator completes.
/// </summary>
internal sealed class ScheduledSqlBaseline(ClickHouseWriter writer, string database, TimeSpan period, ProbeTracker probes, long runStart)
{
    private readonly List<SqlRun> runs = [];

    /// <summary>The same detection as the shipped cross_border_source_ip rule: flagged events, public source IP, ≥ 2 countries in 15 min.</summary>
    public string Query =>
        $"SELECT source_ip FROM {database}.events " +
        "WHERE ts >= now64(3) - INTERVAL 15 MINUTE AND source_ip != '' AND (kind IN ('alert', 'signal') OR severity >= 4) " +
        "AND NOT isIPAddressInRange(source_ip, '10.0.0.0/8') AND NOT isIPAddressInRange(source_ip, '172.16.0.0/12') " +
        "AND NOT isIPAddressInRange(source_ip, '192.168.0.0/16') AND NOT isIPAddressInRange(source_ip, '127.0.0.0/8') " +
        "GROUP BY source_ip HAVING uniq(country) >= 2";

    public string Phase { get; set; } = "";

    public IReadOnlyList<SqlRun> Runs
    {
        get
        {
            lock (runs)
            {
                return runs.ToList();
            }
        }
    }

    /// <summary>Runs the query every period until cancelled; a query error ends the run with the error.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var started = Stopwatch.GetTimestamp();
                var rows = await writer.QueryAsync(Query, cancellationToken);
                var done = Stopwatch.GetTimestamp();
                foreach (var row in rows)
                {
                    probes.SqlDetected(row[0], done);
                }

                lock (runs)
                {
                    runs.Add(new SqlRun(Phase, Stopwatch.GetElapsedTime(runStart, started).TotalSeconds, Stopwatch.GetElapsedTime(started, done).TotalMilliseconds, rows.Count));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped at the end of the run.
        }
    }
}
