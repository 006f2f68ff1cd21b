using System.Collections.Concurrent;
using System.Diagnostics;

namespace CyberAgg.Bench.Latency;

/// <summary>
/// The probes of a run, keyed by indicator. Probes are sent by the producer, seen as alerts by the correlator's
/// <c>AlertsCommitted</c>, as rows by the queryable poller and as rows of the scheduled SQL query.
/// </summary>
internal sealed class ProbeTracker
{
    private readonly ConcurrentDictionary<string, Probe> probes = new(StringComparer.Ordinal);

    public int Count => probes.Count;

    public void Sent(string ip, string phase, long sentAt) => probes[ip] = new Probe(ip, phase, sentAt);

    /// <summary>Stamps the alert time of a probe; ignores indicators that are not probes.</summary>
    public void Alerted(string groupKey, long now)
    {
        if (probes.TryGetValue(groupKey, out var probe) && probe.AlertedAt == 0)
        {
            probe.AlertedAt = now;
        }
    }

    /// <summary>Stamps when the rule fired for a probe, before its alert was stored and published.</summary>
    public void Raised(string groupKey, long now)
    {
        if (probes.TryGetValue(groupKey, out var probe) && probe.RaisedAt == 0)
        {
            probe.RaisedAt = now;
        }
    }

    public void Queryable(string ip, long now)
    {
        if (probes.TryGetValue(ip, out var probe) && probe.QueryableAt == 0)
        {
            probe.QueryableAt = now;
        }
    }

    public void SqlDetected(string ip, long now)
    {
        if (probes.TryGetValue(ip, out var probe) && probe.SqlDetectedAt == 0)
        {
            probe.SqlDetectedAt = now;
        }
    }

    /// <summary>Indicators of probes not yet queryable, for the poller's IN list.</summary>
    public List<string> PendingQueryable() => probes.Values.Where(p => p.QueryableAt == 0).Select(p => p.Ip).ToList();

    public int Alerts(string phase) => probes.Values.Count(p => p.Phase == phase && p.AlertedAt != 0);

    public int Sent(string phase) => probes.Values.Count(p => p.Phase == phase);

    public LatencySummary Summarise(string phase, Func<Probe, long> reached) =>
        LatencySummary.Of(
            probes.Values.Where(p => p.Phase == phase).Select(p => (Reached: reached(p), p.SentAt)).Where(x => x.Reached != 0)
                .Select(x => Stopwatch.GetElapsedTime(x.SentAt, x.Reached).TotalMilliseconds),
            probes.Values.Count(p => p.Phase == phase));
}
