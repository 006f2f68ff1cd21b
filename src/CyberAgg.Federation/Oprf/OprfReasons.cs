namespace CyberAgg.Federation.Oprf;

/// <summary>Why a key service refused or rejected an evaluation request (metric tag <c>reason</c>).</summary>
internal static class OprfReasons
{
    /// <summary>Answered with a refusal: the member's budget for the epoch would be exceeded.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>Answered with a refusal: an epoch after the next one (tokens of the future are not handed out early).</summary>
    public const string FutureEpoch = "future_epoch";

    /// <summary>Answered with a refusal: an epoch more than two before the current one (its budget is no longer kept).</summary>
    public const string StaleEpoch = "stale_epoch";

    /// <summary>Answered with a refusal: a point is not the x-coordinate of a P-256 point, or the request has none.</summary>
    public const string InvalidPoint = "invalid_point";

    /// <summary>Not answered: unparsable, or not a request.</summary>
    public const string InvalidMessage = "invalid_message";

    /// <summary>Not answered: addressed to another node.</summary>
    public const string Misaddressed = "misaddressed";

    /// <summary>Not answered: signed longer ago than <c>federation.exchange_max_age</c>.</summary>
    public const string Stale = SigningTime.Stale;

    /// <summary>Not answered: signed more than a minute ahead.</summary>
    public const string Future = SigningTime.Future;

    /// <summary>Not answered: an id already answered.</summary>
    public const string Replay = "replay";
}
