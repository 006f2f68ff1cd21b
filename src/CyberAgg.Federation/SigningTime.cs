namespace CyberAgg.Federation;

/// <summary>
/// The freshness window of every signed message between nodes (alliance batches, clear-value exchange, OPRF
/// requests): signed at most <c>maxAge</c> ago and at most <c>maxSkew</c> ahead of this node's clock. A signing time
/// no date can hold (a member's bug or a hostile member) is stale or future like any other, never an exception.
/// </summary>
internal static class SigningTime
{
    /// <summary>Signed longer ago than the window allows: a replay or a message held back too long.</summary>
    public const string Stale = "stale";

    /// <summary>Signed further ahead than the clocks of two nodes can disagree.</summary>
    public const string Future = "future";

    /// <summary>How far ahead of this node's clock a node message may be signed (clock skew between nodes).</summary>
    public static readonly TimeSpan MessageSkew = TimeSpan.FromMinutes(1);

    /// <summary><see cref="Stale"/>, <see cref="Future"/>, or null inside the window.</summary>
    public static string? Check(long signedAtUnixMs, DateTimeOffset now, TimeSpan maxAge, TimeSpan maxSkew)
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(signedAtUnixMs, DateTimeOffset.MinValue.ToUnixTimeMilliseconds(), DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()));
        return at < now - maxAge ? Stale : at > now + maxSkew ? Future : null;
    }
}
