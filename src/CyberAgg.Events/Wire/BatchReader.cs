using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace CyberAgg.Events.Wire;

/// <summary>
/// Decodes <c>application/vnd.cyberagg.batch.v1</c> messages in three steps, so nothing in the body is parsed before its
/// signature is checked: <see cref="TryReadHeader"/>, <see cref="VerifySignature"/>, <see cref="ReadEvents"/>.
/// </summary>
public static class BatchReader
{
    /// <summary>True when the message starts with the batch magic (content sniffing for headerless producers).</summary>
    public static bool HasMagic(ReadOnlySpan<byte> message) => message.StartsWith(BatchFormat.Magic);

    /// <summary>Parses and bounds-checks the header; the lengths it declares must match the message exactly.</summary>
    public static DeadLetterReason TryReadHeader(ReadOnlySpan<byte> message, BatchLimits limits, out BatchHeader header, out string? detail)
    {
        ArgumentNullException.ThrowIfNull(limits);
        header = default;
        detail = null;
        if (message.Length > limits.MaxMessageBytes)
        {
            detail = $"{message.Length} bytes, limit {limits.MaxMessageBytes}";
            return DeadLetterReason.TooLarge;
        }

        if (message.Length < BatchFormat.Magic.Length || !HasMagic(message))
        {
            return message.Length < BatchFormat.Magic.Length && BatchFormat.Magic.StartsWith(message) ? DeadLetterReason.Truncated : DeadLetterReason.BadMagic;
        }

        var cursor = new WireCursor(message[BatchFormat.Magic.Length..]);
        if (!cursor.TryReadByte(out var version))
        {
            return DeadLetterReason.Truncated;
        }

        if (version != BatchFormat.Version)
        {
            detail = $"version {version}";
            return DeadLetterReason.UnsupportedVersion;
        }

        if (!cursor.TryReadByte(out var flags) || !cursor.TryReadUInt16(out var headerLength) || !cursor.TryReadUInt32(out var count)
            || !cursor.TryReadUInt32(out var bodyLength) || !cursor.TryReadInt64(out var created))
        {
            return DeadLetterReason.Truncated;
        }

        if (flags != 0)
        {
            // Flags are reserved: a v1 reader must not guess at meanings a later writer gave them.
            detail = $"flags {flags}";
            return DeadLetterReason.UnsupportedVersion;
        }

        if (count > (uint)limits.MaxEvents)
        {
            detail = $"{count} events, limit {limits.MaxEvents}";
            return DeadLetterReason.TooManyEvents;
        }

        var declared = (long)headerLength + bodyLength + BatchFormat.MacSize;
        if (declared > message.Length)
        {
            detail = $"declares {declared} bytes, has {message.Length}";
            return DeadLetterReason.Truncated;
        }

        if (declared < message.Length || headerLength < BatchFormat.FixedHeaderSize)
        {
            detail = $"declares {declared} bytes, has {message.Length}";
            return DeadLetterReason.MalformedEvent;
        }

        if (!cursor.TryReadBytes(BatchFormat.MaxKeyIdBytes, out var keyId) || !cursor.TryReadBytes(BatchFormat.MaxPartnerBytes, out var partner)
            || !cursor.TryReadBytes(2, out var country) || !cursor.TryReadBytes(BatchFormat.MaxSensorBytes, out var sensor)
            || BatchFormat.Magic.Length + cursor.Position != headerLength)
        {
            detail = "header strings";
            return DeadLetterReason.MalformedEvent;
        }

        if (keyId.IsEmpty || partner.IsEmpty || country.Length != 2 || !Utf8.IsValid(keyId) || !Utf8.IsValid(partner) || !Utf8.IsValid(sensor)
            || !IsAsciiUpper(country[0]) || !IsAsciiUpper(country[1]))
        {
            detail = "header strings";
            return DeadLetterReason.MalformedEvent;
        }

        var cache = Utf8StringCache.Current;
        header = new BatchHeader(
            cache.Get(keyId),
            cache.Get(partner),
            cache.Get(country),
            cache.Get(sensor),
            created,
            (int)count,
            headerLength,
            (int)bodyLength);
        return DeadLetterReason.None;
    }

    /// <summary>Checks the HMAC-SHA256 trailer in constant time.</summary>
    public static bool VerifySignature(ReadOnlySpan<byte> message, in BatchHeader header, ReadOnlySpan<byte> secret)
    {
        if (message.Length != header.SignedLength + BatchFormat.MacSize)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[BatchFormat.MacSize];
        HMACSHA256.HashData(secret, message[..header.SignedLength], expected);
        return CryptographicOperations.FixedTimeEquals(expected, message.Slice(header.SignedLength, BatchFormat.MacSize));
    }

    /// <summary>
    /// Appends the batch's events to <paramref name="output"/>, restoring observer fields from the header. On failure
    /// nothing is appended.
    /// </summary>
    public static DeadLetterReason ReadEvents(ReadOnlySpan<byte> message, in BatchHeader header, BatchLimits limits, List<SecurityEvent> output, out string? detail)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(output);
        detail = null;
        var body = new WireCursor(message.Slice(header.HeaderLength, header.BodyLength));
        var start = output.Count;
        var reason = DeadLetterReason.None;
        for (var i = 0; i < header.EventCount && reason == DeadLetterReason.None; i++)
        {
            if (!body.TryReadUInt32(out var length) || !body.TrySlice(checked((int)Math.Min(length, int.MaxValue)), out var encoded))
            {
                reason = DeadLetterReason.Truncated;
                detail = $"event {i}";
                break;
            }

            var evt = new SecurityEvent();
            reason = ReadEvent(encoded, evt, limits);
            if (reason != DeadLetterReason.None)
            {
                detail = $"event {i}";
                break;
            }

            evt.Partner ??= header.Partner;
            evt.Country ??= header.Country;
            evt.ObserverName ??= header.Sensor.Length == 0 ? null : header.Sensor;
            output.Add(evt);
        }

        if (reason == DeadLetterReason.None && body.Remaining != 0)
        {
            reason = DeadLetterReason.MalformedEvent;
            detail = $"{body.Remaining} bytes after the last event";
        }

        if (reason != DeadLetterReason.None)
        {
            output.RemoveRange(start, output.Count - start);
        }

        return reason;
    }

    private static DeadLetterReason ReadEvent(ReadOnlySpan<byte> encoded, SecurityEvent evt, BatchLimits limits)
    {
        if (encoded.Length < BatchFormat.EventFixedSize)
        {
            return DeadLetterReason.MalformedEvent;
        }

        var ticks = BinaryPrimitives.ReadInt64LittleEndian(encoded);
        var tlp = encoded[8];
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks || !TlpNames.IsDefined(tlp))
        {
            return DeadLetterReason.MalformedEvent;
        }

        evt.Timestamp = new DateTimeOffset(ticks, TimeSpan.Zero);
        evt.Tlp = (Tlp)tlp;
        var cursor = new WireCursor(encoded[BatchFormat.EventFixedSize..]);
        var cache = Utf8StringCache.Current;
        for (var fields = 0; cursor.Remaining > 0; fields++)
        {
            if (fields >= limits.MaxFieldsPerEvent)
            {
                return DeadLetterReason.TooManyFields;
            }

            if (!cursor.TryReadVarUInt(out var key) || key > int.MaxValue)
            {
                return DeadLetterReason.MalformedEvent;
            }

            var field = (int)(key >> 3);
            var reason = (int)(key & 7) switch
            {
                BatchFormat.WireTypeVarint => ReadVarintField(ref cursor, field, evt),
                BatchFormat.WireTypeBytes => ReadStringField(ref cursor, field, evt, limits, cache),
                BatchFormat.WireTypePair => ReadPairField(ref cursor, field, evt, limits, cache),
                _ => DeadLetterReason.MalformedEvent,
            };
            if (reason != DeadLetterReason.None)
            {
                return reason;
            }
        }

        return DeadLetterReason.None;
    }

    private static DeadLetterReason ReadVarintField(ref WireCursor cursor, int field, SecurityEvent evt)
    {
        if (!cursor.TryReadVarUInt(out var value))
        {
            return DeadLetterReason.MalformedEvent;
        }

        switch ((EcsField)field)
        {
            case EcsField.EventSeverity when value <= 10:
                evt.Severity = (int)value;
                break;
            case EcsField.SourcePort when value <= 65535:
                evt.SourcePort = (int)value;
                break;
            case EcsField.DestinationPort when value <= 65535:
                evt.DestinationPort = (int)value;
                break;
            case EcsField.EventSeverity or EcsField.SourcePort or EcsField.DestinationPort:
                return DeadLetterReason.MalformedEvent;
            default:
                // Unknown field numbers are skipped: a newer v1 writer may add fields an older reader ignores.
                break;
        }

        return DeadLetterReason.None;
    }

    private static DeadLetterReason ReadStringField(ref WireCursor cursor, int field, SecurityEvent evt, BatchLimits limits, Utf8StringCache cache)
    {
        if (!cursor.TryReadBytes(limits.MaxStringBytes, out var bytes) || !Utf8.IsValid(bytes))
        {
            return DeadLetterReason.MalformedEvent;
        }

        var ecs = (EcsField)field;
        if (field > byte.MaxValue || !EcsFieldNames.IsString(ecs))
        {
            return DeadLetterReason.None;
        }

        if (ecs == EcsField.ObserverCountry && (bytes.Length != 2 || !IsAsciiUpper(bytes[0]) || !IsAsciiUpper(bytes[1])))
        {
            return DeadLetterReason.MalformedEvent;
        }

        evt.Set(ecs, IsLowCardinality(ecs) ? cache.Get(bytes) : Encoding.UTF8.GetString(bytes));
        return DeadLetterReason.None;
    }

    private static DeadLetterReason ReadPairField(ref WireCursor cursor, int field, SecurityEvent evt, BatchLimits limits, Utf8StringCache cache)
    {
        if (!cursor.TryReadBytes(limits.MaxStringBytes, out var name) || !cursor.TryReadBytes(limits.MaxStringBytes, out var value)
            || !Utf8.IsValid(name) || !Utf8.IsValid(value))
        {
            return DeadLetterReason.MalformedEvent;
        }

        if (field == BatchFormat.LabelField)
        {
            evt.Labels[cache.Get(name)] = cache.Get(value);
        }
        else if (field == BatchFormat.AttributeField)
        {
            evt.Attributes[cache.Get(name)] = value.Length <= 16 ? cache.Get(value) : Encoding.UTF8.GetString(value);
        }

        return DeadLetterReason.None;
    }

    private static bool IsLowCardinality(EcsField field) => field
        is EcsField.ObserverPartner or EcsField.ObserverCountry or EcsField.ObserverName or EcsField.EventKind
        or EcsField.EventCategory or EcsField.EventAction or EcsField.EventOutcome or EcsField.NetworkTransport;

    private static bool IsAsciiUpper(byte b) => b is >= (byte)'A' and <= (byte)'Z';
}
