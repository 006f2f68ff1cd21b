using System.Collections.Concurrent;
using System.Diagnostics;
using CyberAgg.Bench.Report;

namespace CyberAgg.Bench.Latency;

/// <summary>
/// The probes of a run, keyed by indicator. Probes are sent by the producer, seen as alerts by the correlator's
/// <c>AlertsCommitted</c>, as rows by the queryable poller and as rows of the scheduled SQL query.
/// </summary>
internal sealed class ProbeTracker
{
    private readonly ConcurrentDictionary<string, Probe> probes = new(StringComparer.Ordinal);

    public int Count => probes.Count;

    public void Sent(string ip, string phase, long sentAt) => Sent(ip, phase, sentAt, GcMark.Now());

    public void Sent(string ip, string phase, long sentAt, GcMark gc) => probes[ip] = new Probe(ip, phase, sentAt, gc);

    /// <summary>Stamps the alert time of a probe; ignores indicators that are not probes.</summary>
    public void Alerted(string groupKey, long now)
    {
        if (probes.TryGetValue(groupKey, out var probe) && probe.AlertedAt == 0)
        {
            probe.AlertedAt = now;
        }
    }

    /// <summary>Stamps when the rule fired for a probe, before its alert was stored and published.</summary>
    public void Raised(string groupKey, long now) => Raised(groupKey, now, GcMark.Now());

    public void Raised(string groupKey, long now, GcMark gc)
    {
        if (probes.TryGetValue(groupKey, out var probe) && probe.RaisedAt == 0)
        {
            probe.RaisedGc = gc;
            probe.RaisedAt = now;
        }
    }

    /// <summary>The slowest twentieth of the phase's probes (send → rule fired) against the others; null without probes.</summary>
    public ProbeTail? Tail(string phase)
    {
        var fired = probes.Values.Where(p => p.Phase == phase && p.RaisedAt != 0)
            .Select(p => (Probe: p, Ms: Stopwatch.GetElapsedTime(p.SentAt, p.RaisedAt).TotalMilliseconds))
            .OrderByDescending(x => x.Ms)
            .ToList();
        if (fired.Count == 0)
        {
            return null;
        }

        var first = probes.Values.Where(p => p.Phase == phase).Min(p => p.SentAt);
        var slowest = fired.Take(Math.Max(1, fired.Count / 20)).ToList();
        var others = fired.Skip(slowest.Count).ToList();
        return new ProbeTail(
            fired.Count,
            slowest.Count,
            Math.Round(slowest[^1].Ms, 1),
            Median(slowest.Select(x => Pause(x.Probe))),
            Median(others.Select(x => Pause(x.Probe))),
            Share(slowest, x => x.Probe.RaisedGc.Gen2 > x.Probe.SentGc.Gen2),
            Share(others, x => x.Probe.RaisedGc.Gen2 > x.Probe.SentGc.Gen2),
            slowest.Select(x => Math.Round(Stopwatch.GetElapsedTime(first, x.Probe.SentAt).TotalSeconds, 1)).Order().ToList());

        static double Pause(Probe p) => (p.RaisedGc.Pause - p.SentGc.Pause).TotalMilliseconds;

        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count == 0 ? 0 : Math.Round(sorted[sorted.Count / 2], 1);
        }

        static double Share<T>(List<T> items, Func<T, bool> predicate) =>
            items.Count == 0 ? 0 : Math.Round((double)items.Count(predicate) / items.Count, 3);
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
