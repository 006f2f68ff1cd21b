using CyberAgg.Federation.Wire;

namespace CyberAgg.Federation.Matching;

/// <summary>
/// Refuses a signed batch seen before (a replay by anyone who can write the alliance topic) or too old or too new
/// to be genuine: sequences must rise per (topic, node, incarnation); creation time must be within the age bound.
/// </summary>
internal sealed class ReplayGuard(TimeSpan maxAge, TimeProvider time)
{
    /// <summary>Refusal reason: a batch whose sequence this matcher has already passed.</summary>
    public const string Replay = "replay";

    /// <summary>Refusal reason: created before the age bound (older than the topic's retention should allow).</summary>
    public const string Stale = SigningTime.Stale;

    /// <summary>Refusal reason: created further ahead of this clock than a clock skew explains.</summary>
    public const string Future = SigningTime.Future;

    private static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);
    private readonly Dictionary<(string Topic, string Node, string Incarnation), long> highest = [];

    /// <summary>Null and records the batch when it is new; else the reason it is refused.</summary>
    public string? Admit(string topic, AllianceBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (SigningTime.Check(batch.CreatedAt, time.GetUtcNow(), maxAge, MaxSkew) is { } outside)
        {
            return outside;
        }

        var key = (topic, batch.Node, batch.Incarnation);
        if (highest.TryGetValue(key, out var last) && batch.Sequence <= last)
        {
            return Replay;
        }

        highest[key] = batch.Sequence;
        return null;
    }
}
