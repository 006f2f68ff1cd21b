namespace CyberAgg.Events;

/// <summary>The snake_case code of each <see cref="DeadLetterReason"/>, as written to Kafka and ClickHouse.</summary>
public static class DeadLetterReasons
{
    private static readonly string[] Codes =
    [
        "none",
        "invalid_json",
        "invalid_utf8",
        "too_deep",
        "too_large",
        "too_many_fields",
        "not_an_object",
        "empty",
        "missing_timestamp",
        "invalid_field",
        "missing_partner",
        "missing_country",
        "malformed_syslog",
        "malformed_cef",
        "invalid_frame",
        "truncated",
        "bad_magic",
        "unsupported_version",
        "malformed_event",
        "too_many_events",
        "unsupported_content_type",
        "unsigned",
        "unknown_key",
        "bad_signature",
        "partner_mismatch",
        "country_mismatch",
        "timestamp_out_of_range",
        "kafka_record_error",
        "store_refused",
    ];

    /// <summary>Every code, for metrics pre-registration and documentation.</summary>
    public static IReadOnlyList<string> All => Codes;

    public static string ToCode(this DeadLetterReason reason) =>
        (int)reason < Codes.Length ? Codes[(int)reason] : throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown reason.");

    public static bool TryParse(string code, out DeadLetterReason reason)
    {
        var index = Array.IndexOf(Codes, code);
        reason = index < 0 ? DeadLetterReason.None : (DeadLetterReason)index;
        return index >= 0;
    }
}
