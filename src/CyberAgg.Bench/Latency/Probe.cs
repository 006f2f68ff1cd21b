namespace CyberAgg.Bench.Latency;

/// <summary>One injected cross-border indicator and when its stages were reached (Stopwatch timestamps, 0 = not yet).</summary>
internal sealed class Probe(string ip, string phase, long sentAt, GcMark sentGc = default)
{
    /// <summary>The collector's counts when the probe was sent.</summary>
    public GcMark SentGc { get; } = sentGc;

    /// <summary>The collector's counts when the rule fired for it.</summary>
    public GcMark RaisedGc { get; set; }

    public string Ip { get; } = ip;

    public string Phase { get; } = phase;

    public long SentAt { get; } = sentAt;

    public long RaisedAt { get; set; }

    public long AlertedAt { get; set; }

    public long QueryableAt { get; set; }

    public long SqlDetectedAt { get; set; }
}
