namespace CyberAgg.Federation.Exchange;

/// <summary>The fixed vocabulary of exchange decisions and reasons (audit rows, metrics tags, API answers).</summary>
public static class ExchangeReasons
{
    /// <summary>Decision: the requester asked (its own audit row, before any answer).</summary>
    public const string Requested = "requested";

    /// <summary>Decision: the owner released the value, encrypted to the requester.</summary>
    public const string Released = "released";

    /// <summary>Decision: the owner refused, by its agreements (the requester is told why).</summary>
    public const string Refused = "refused";

    /// <summary>Decision: a message that is not a genuine, fresh exchange message; it gets no answer.</summary>
    public const string Rejected = "rejected";

    /// <summary>Decision: the requester holds an answer it cannot open (e.g. it restarted and lost the request's key).</summary>
    public const string Failed = "failed";

    public const string Allowed = "agreement";
    public const string UnknownToken = "unknown_token";
    public const string TlpRed = "tlp_red";
    public const string NoAgreement = "no_agreement";
    public const string AmberStrictNotNamed = "amber_strict_not_named";
    public const string RateLimited = "rate_limited";
    public const string Replay = "replay";
    public const string Stale = SigningTime.Stale;
    public const string Future = SigningTime.Future;
    public const string Misaddressed = "misaddressed";
    public const string UnknownRequest = "unknown_request";
    public const string InvalidMessage = "invalid_message";
    public const string Undecryptable = "undecryptable";
}
