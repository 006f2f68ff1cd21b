using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace CyberAgg.Events;

/// <summary>
/// Deterministic event ids, so a replayed record (agent restart, Kafka redelivery) gets the same id and deduplicates.
/// An id is 32 lowercase hex digits: the first 128 bits of a SHA-256.
/// </summary>
public static class EventIds
{
    public const int Length = 32;

    /// <summary>Id of a record from its partner, its source (sensor, file, listener) and its raw bytes.</summary>
    public static string FromRaw(string partner, string? source, ReadOnlySpan<byte> raw)
    {
        ArgumentNullException.ThrowIfNull(partner);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendString(hash, partner);
        AppendString(hash, source ?? string.Empty);
        hash.AppendData(raw);
        return Finish(hash);
    }

    /// <summary>Id of an event from its content (every field but the id, labels and attributes in ordinal order).</summary>
    public static string FromContent(SecurityEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> fixedPart = stackalloc byte[8 + 1 + 3 * 4];
        BitConverter.TryWriteBytes(fixedPart, evt.Timestamp.UtcTicks);
        fixedPart[8] = (byte)evt.Tlp;
        BitConverter.TryWriteBytes(fixedPart[9..], evt.Severity ?? -1);
        BitConverter.TryWriteBytes(fixedPart[13..], evt.SourcePort ?? -1);
        BitConverter.TryWriteBytes(fixedPart[17..], evt.DestinationPort ?? -1);
        hash.AppendData(fixedPart);
        for (var f = EcsField.ObserverPartner; f <= EcsField.Message; f++)
        {
            if (f != EcsField.EventId)
            {
                AppendString(hash, evt.Get(f));
            }
        }

        AppendSorted(hash, evt.LabelsOrNull);
        AppendSorted(hash, evt.AttributesOrNull);
        return Finish(hash);
    }

    private static void AppendSorted(IncrementalHash hash, IReadOnlyDictionary<string, string>? map)
    {
        if (map is null)
        {
            AppendLength(hash, 0);
            return;
        }

        var keys = new string[map.Count];
        var i = 0;
        foreach (var key in map.Keys)
        {
            keys[i++] = key;
        }

        Array.Sort(keys, StringComparer.Ordinal);
        AppendLength(hash, keys.Length);
        foreach (var key in keys)
        {
            AppendString(hash, key);
            AppendString(hash, map[key]);
        }
    }

    // Length-prefixing every part keeps ("ab","c") and ("a","bc") apart; -1 marks an absent value.
    private static void AppendString(IncrementalHash hash, string? value)
    {
        if (value is null)
        {
            AppendLength(hash, -1);
            return;
        }

        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        var buffer = max <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(max));
        var written = Encoding.UTF8.GetBytes(value, buffer);
        AppendLength(hash, written);
        hash.AppendData(buffer[..written]);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void AppendLength(IncrementalHash hash, int length)
    {
        Span<byte> bytes = stackalloc byte[4];
        BitConverter.TryWriteBytes(bytes, length);
        hash.AppendData(bytes);
    }

    private static string Finish(IncrementalHash hash)
    {
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest[..16]);
    }
}
