namespace CyberAgg.Events.Wire;

/// <summary>Constants of the <c>application/vnd.cyberagg.batch.v1</c> encoding; docs/wire-format.md is the prose version.</summary>
public static class BatchFormat
{
    /// <summary>"CAGB": lets a consumer tell a batch from JSON without headers.</summary>
    public static ReadOnlySpan<byte> Magic => "CAGB"u8;

    public const byte Version = 1;

    /// <summary>magic(4) version(1) flags(1) headerLength(2) eventCount(4) bodyLength(4) createdUnixMs(8).</summary>
    public const int FixedHeaderSize = 24;

    /// <summary>HMAC-SHA256 trailer.</summary>
    public const int MacSize = 32;

    public const int MaxKeyIdBytes = 64;
    public const int MaxPartnerBytes = 64;
    public const int MaxSensorBytes = 256;

    /// <summary>Field number of a label pair (wire type <see cref="WireTypePair"/>).</summary>
    public const int LabelField = 100;

    /// <summary>Field number of an attribute pair (wire type <see cref="WireTypePair"/>).</summary>
    public const int AttributeField = 101;

    public const int WireTypeVarint = 0;
    public const int WireTypeBytes = 2;
    public const int WireTypePair = 3;

    /// <summary>Fixed part of each event: length(4) timestampTicks(8) tlp(1); the length excludes its own 4 bytes.</summary>
    internal const int EventFixedSize = 8 + 1;
}
