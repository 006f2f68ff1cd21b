using CyberAgg.Events.Alerts;
using CyberAgg.Federation.Blinding;

namespace CyberAgg.Federation.Matching;

/// <summary>
/// Keeps one alert per window across a key rotation. Observations in the first window-length of an epoch are
/// correlated under both the new token and the previous epoch's, so a window straddling the boundary meets in
/// the old token's group; this drops the copies: an old-token alert that starts after its epoch ended (the new
/// token raises it), and a new-token alert whose window an old-token alert of the same indicator already covers.
/// </summary>
internal sealed class EpochAlertFilter(EpochSchedule schedule)
{
    private readonly Dictionary<string, long> epochOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> previousOf = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Rule, string Token), DateTimeOffset> kept = [];

    public void Learn(string token, long epoch, string? previousToken)
    {
        epochOf.TryAdd(token, epoch);
        if (previousToken is not null)
        {
            epochOf.TryAdd(previousToken, epoch - 1);
            previousOf.TryAdd(token, previousToken);
        }
    }

    /// <summary>Forgets tokens of epochs before <paramref name="epoch"/> and windows that ended before <paramref name="watermark"/>.</summary>
    public void Forget(long epoch, DateTimeOffset watermark)
    {
        foreach (var token in epochOf.Where(p => p.Value < epoch).Select(p => p.Key).ToList())
        {
            epochOf.Remove(token);
            previousOf.Remove(token);
        }

        foreach (var key in kept.Where(p => p.Value < watermark).Select(p => p.Key).ToList())
        {
            kept.Remove(key);
        }
    }

    /// <summary>Whether to raise <paramref name="alert"/> grouped by <paramref name="token"/>; call in first-seen order.</summary>
    public bool Keep(Alert alert, string token, TimeSpan timespan)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (epochOf.TryGetValue(token, out var epoch) && alert.FirstSeen >= schedule.StartOf(epoch + 1))
        {
            return false;
        }

        if (previousOf.TryGetValue(token, out var previous)
            && kept.TryGetValue((alert.RuleId, previous), out var windowEnd)
            && alert.FirstSeen <= windowEnd)
        {
            return false;
        }

        var end = alert.FirstSeen + timespan;
        if (!kept.TryGetValue((alert.RuleId, token), out var known) || end > known)
        {
            kept[(alert.RuleId, token)] = end;
        }

        return true;
    }
}
