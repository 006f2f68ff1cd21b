namespace CyberAgg.Events;

/// <summary>Why a record or message was refused; the fixed list behind the <c>reason</c> of every dead letter.</summary>
/// <remarks>Codes (see <see cref="DeadLetterReasons"/>) are a contract with dashboards and the deadletter table.</remarks>
public enum DeadLetterReason : byte
{
    None = 0,

    // Record shape.
    InvalidJson,
    InvalidUtf8,
    TooDeep,
    TooLarge,
    TooManyFields,
    NotAnObject,
    Empty,
    MissingTimestamp,
    InvalidField,
    MissingPartner,
    MissingCountry,
    MalformedSyslog,
    MalformedCef,
    InvalidFrame,

    // Batch shape.
    Truncated,
    BadMagic,
    UnsupportedVersion,
    MalformedEvent,
    TooManyEvents,
    UnsupportedContentType,

    // Trust.
    Unsigned,
    UnknownKey,
    BadSignature,
    PartnerMismatch,
    CountryMismatch,

    /// <summary>The event's time is outside what storage keeps (before 1970, past the retention horizon, unrepresentable).</summary>
    TimestampOutOfRange,

    /// <summary>The Kafka client could not deliver the record itself (decompression, CRC, size): skipped past.</summary>
    KafkaRecordError,

    /// <summary>ClickHouse refused the row itself (a value the table cannot take): stored apart, the stream goes on.</summary>
    StoreRefused,
}
