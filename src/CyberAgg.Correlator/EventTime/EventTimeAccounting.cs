using CyberAgg.Correlator.Telemetry;
using CyberAgg.Events;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Correlator.EventTime;

/// <summary>
/// The clock guard and the late-event ledger: refuses event times storage cannot keep, keeps future-dated events
/// from moving any watermark, and counts late and future events per partner, summarised in the log once a minute.
/// </summary>
internal sealed class EventTimeAccounting(TimeSpan maxClockSkew, TimeSpan retention, TimeProvider time, ILogger logger)
{
    private static readonly DateTimeOffset Epoch = DateTimeOffset.UnixEpoch;

    // DateTime64(3) holds up to 2299-12-31; anything later cannot be stored.
    private static readonly DateTimeOffset Representable = new(2299, 12, 31, 23, 59, 59, TimeSpan.Zero);

    private readonly Dictionary<string, long> lateByPartner = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> futureByPartner = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> lastFutureWarning = new(StringComparer.Ordinal);
    private long lastSummary;

    public long Late { get; private set; }

    public long Future { get; private set; }

    /// <summary>The wall clock now, read once for a message's or a batch's events (a clock read per event was ~5 % of the consuming thread).</summary>
    public DateTimeOffset Now() => time.GetUtcNow();

    /// <summary>Why the event's time cannot be stored, or null when it can; <paramref name="now"/> from <see cref="Now"/>.</summary>
    public string? OutOfRange(SecurityEvent e, DateTimeOffset now)
    {
        var ts = e.Timestamp;
        if (ts < Epoch)
        {
            return $"@timestamp {ts:O} is before 1970-01-01; fix the sensor's clock or its time format";
        }

        if (ts > Representable)
        {
            return $"@timestamp {ts:O} is beyond 2299-12-31, which storage cannot represent";
        }

        var horizon = now - retention;
        if (ts < horizon)
        {
            return $"@timestamp {ts:O} is older than the {retention.TotalDays:F0}-day retention (before {horizon:O}) and would be deleted on arrival";
        }

        return null;
    }

    /// <summary>
    /// True when the event is stamped further ahead of the wall clock than the allowed skew (counted and warned);
    /// <paramref name="now"/> from <see cref="Now"/>.
    /// </summary>
    public bool IsFuture(SecurityEvent e, DateTimeOffset now)
    {
        if (e.Timestamp <= now + maxClockSkew)
        {
            return false;
        }

        Future++;
        var partner = e.Partner ?? "";
        futureByPartner[partner] = futureByPartner.GetValueOrDefault(partner) + 1;
        CorrelatorInstrumentation.EventsFuture.Add(1, new KeyValuePair<string, object?>(CorrelatorInstrumentation.Tags.Partner, partner));
        var key = partner + "\u001f" + (e.ObserverName ?? "");
        if (!lastFutureWarning.TryGetValue(key, out var last) || time.GetElapsedTime(last) >= TimeSpan.FromMinutes(1))
        {
            lastFutureWarning[key] = time.GetTimestamp();
            Log.FutureEvent(logger, partner, e.ObserverName ?? "(unnamed sensor)", e.Timestamp, now, maxClockSkew.TotalSeconds);
        }

        return true;
    }

    public void CountLate(SecurityEvent e)
    {
        Late++;
        var partner = e.Partner ?? "";
        lateByPartner[partner] = lateByPartner.GetValueOrDefault(partner) + 1;
        CorrelatorInstrumentation.EventsLate.Add(1, new KeyValuePair<string, object?>(CorrelatorInstrumentation.Tags.Partner, partner));
    }

    /// <summary>Logs the late and future counts per partner since the last summary, at most once a minute.</summary>
    public void SummariseIfDue(DateTimeOffset watermark)
    {
        if (lateByPartner.Count == 0 && futureByPartner.Count == 0)
        {
            return;
        }

        if (lastSummary != 0 && time.GetElapsedTime(lastSummary) < TimeSpan.FromMinutes(1))
        {
            return;
        }

        lastSummary = time.GetTimestamp();
        if (lateByPartner.Count > 0)
        {
            Log.LateSummary(logger, lateByPartner.Values.Sum(), Describe(lateByPartner), watermark);
            lateByPartner.Clear();
        }

        if (futureByPartner.Count > 0)
        {
            Log.FutureSummary(logger, futureByPartner.Values.Sum(), Describe(futureByPartner));
            futureByPartner.Clear();
        }
    }

    private static string Describe(Dictionary<string, long> counts) =>
        string.Join(", ", counts.OrderByDescending(p => p.Value).Select(p => $"{(p.Key.Length == 0 ? "(no partner)" : p.Key)} {p.Value}"));
}
