using System.Diagnostics.Metrics;

namespace CyberAgg.Federation;

/// <summary>The federation's Meter: what crossed the alliance topic, what was refused or kept home, and why.</summary>
public static class FederationInstrumentation
{
    public const string Name = "CyberAgg.Federation";

    private static readonly Meter Meter = new(Name, "1.0.0");

    public static readonly Counter<long> BatchesSent = Meter.CreateCounter<long>("cyberagg.federation.batches.sent", "{batch}", "Signed batches published on the alliance topics.");

    public static readonly Counter<long> BytesSent = Meter.CreateCounter<long>("cyberagg.federation.bytes.sent", "By", "Bytes (value and headers) published on the alliance topics.");

    public static readonly Counter<long> RecordsSent = Meter.CreateCounter<long>("cyberagg.federation.records.sent", "{record}", "Blinded records published.");

    public static readonly Counter<long> Withheld = Meter.CreateCounter<long>("cyberagg.federation.observations.withheld", "{observation}", "Local observations not published, by reason (tlp_red, amber_strict, foreign_partner, oprf_unavailable).");

    public static readonly Counter<long> Refused = Meter.CreateCounter<long>("cyberagg.federation.batches.refused", "{batch}", "Alliance batches refused, by reason (unsigned, bad_signature, unknown_node, replay, stale, wrong_country, invalid_batch).");

    public static readonly Counter<long> AlertsRaised = Meter.CreateCounter<long>("cyberagg.federation.alerts.raised", "{alert}", "Alerts the matcher raised over blinded observations.");

    public static readonly Counter<long> ExchangeRequests = Meter.CreateCounter<long>("cyberagg.federation.exchange.requests", "{request}", "Clear-value requests this node sent to owner nodes.");

    public static readonly Counter<long> ExchangeAnswers = Meter.CreateCounter<long>("cyberagg.federation.exchange.answers", "{answer}", "Clear-value requests this node answered as owner, by decision (released, refused) and reason.");

    public static readonly Counter<long> ExchangeRejected = Meter.CreateCounter<long>("cyberagg.federation.exchange.rejected", "{message}", "Exchange messages rejected without an answer, by reason (unsigned, bad_signature, unknown_node, replay, stale, future, misaddressed, unknown_request, invalid_message).");

    public static readonly Counter<long> OprfEvaluations = Meter.CreateCounter<long>("cyberagg.federation.oprf.evaluations", "{point}", "Blinded points this key service evaluated for member nodes.");

    public static readonly Counter<long> OprfRefused = Meter.CreateCounter<long>("cyberagg.federation.oprf.refused", "{request}", "OPRF requests this key service refused or rejected, by reason (rate_limited, future_epoch, stale_epoch, invalid_point, unsigned, bad_signature, unknown_node, replay, stale, future, misaddressed, invalid_message).");

    public const string Reason = "reason";

    public const string Decision = "decision";
}
