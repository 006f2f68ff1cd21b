using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using CyberAgg.Events;
using CyberAgg.Storage.Writers;

namespace CyberAgg.Correlator.Pipeline;

/// <summary>The messages of one Kafka partition in the current batch: an offset range and what it decoded to.</summary>
internal sealed class PartitionBatch(int partition, long firstOffset)
{
    private string? contentHash;

    public int Partition { get; } = partition;

    public long FirstOffset { get; } = firstOffset;

    public long LastOffset { get; set; } = firstOffset;

    /// <summary>The decoded events, until the storage stage takes the range and <see cref="Encode"/> turns them into <see cref="Rows"/>.</summary>
    public List<SecurityEvent> Events { get; } = [];

    /// <summary>The events as rows of the events table, once the storage stage took the range; null before.</summary>
    public EncodedEventRows? Rows { get; set; }

    /// <summary>Events in the range: decoded, or encoded once the storage stage took it.</summary>
    public int EventCount => Rows?.Count ?? Events.Count;

    /// <summary>
    /// The <see cref="EventIdLedger.Key"/>s of the events the storage stage accumulated into this range, so an event
    /// delivered twice inside it is kept once, and the ledger learns which ids it committed. Empty for a batch's range.
    /// </summary>
    public HashSet<ulong> EventKeys { get; } = [];

    /// <summary>Events dropped from this range because the same event id was already stored or is already in it.</summary>
    public int Duplicates { get; set; }

    public int MessageCount { get; set; }

    /// <summary>Events the table refused (dead-lettered when the range was stored); the rest are stored.</summary>
    public int Refused { get; set; }

    public List<DeadLetterRecord> DeadLetters { get; } = [];

    /// <summary>
    /// Writes the decoded events as rows (<c>ingested_at</c> = <paramref name="ingestedAtMs"/>) and lets the events go,
    /// so what waits for the insert is bytes in pooled chunks, not objects the collector copies twice before they die.
    /// </summary>
    public void Encode(long ingestedAtMs)
    {
        if (Rows is not null)
        {
            return;
        }

        var rows = new EncodedEventRows(Events.Count);
        foreach (var e in Events)
        {
            rows.Add(e, ingestedAtMs, Partition);
        }

        Rows = rows;
        Events.Clear();
    }

    /// <summary>
    /// The insert token: the same range with the same content always yields the same token, so a replay is stored
    /// once. The content (event ids and dead-lettered offsets) is part of it: a Kafka that came back empty restarts
    /// its offsets at 0, and its new events at old offsets must not reuse the old incarnation's tokens.
    /// </summary>
    public string Token(string topic, string table) => $"{table}/{topic}/{Partition}/{FirstOffset}-{LastOffset}/{ContentHash()}";

    private string ContentHash()
    {
        if (contentHash is not null)
        {
            return contentHash;
        }

        // Only the storage stage stores a range, and it holds every range it stores as rows.
        var rows = Rows ?? throw new InvalidOperationException($"Partition {Partition} range {FirstOffset}-{LastOffset} is not encoded; only a range the storage stage holds has a token.");
        contentHash = HashContent(rows, DeadLetters);
        return contentHash;
    }

    /// <summary>
    /// SHA-256 over, per row, its event id (UTF-8), its event time (UTC ticks, 8 bytes little-endian) and 0x1f, then per
    /// dead letter its offset (8 bytes) and reason (UTF-8); the first 12 bytes in hex. The bytes never change between
    /// versions, or a replay after an upgrade would store its range twice. Fed through one pooled buffer: a range of
    /// 100,000 rows used to allocate two arrays and make three calls into the hash per row.
    /// </summary>
    internal static string HashContent(EncodedEventRows rows, IReadOnlyList<DeadLetterRecord> deadLetters)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(HashBufferBytes);
        var used = 0;
        try
        {
            for (var i = 0; i < rows.Count; i++)
            {
                var id = rows.EventId(i) ?? "";
                Reserve(hash, ref buffer, ref used, Encoding.UTF8.GetMaxByteCount(id.Length) + sizeof(long) + 1);
                used += Encoding.UTF8.GetBytes(id, buffer.AsSpan(used));
                BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(used), rows.TimestampTicks(i));
                used += sizeof(long);
                buffer[used++] = 0x1f;
            }

            foreach (var deadLetter in deadLetters)
            {
                Reserve(hash, ref buffer, ref used, Encoding.UTF8.GetMaxByteCount(deadLetter.Reason.Length) + sizeof(long));
                BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(used), deadLetter.KafkaOffset);
                used += sizeof(long);
                used += Encoding.UTF8.GetBytes(deadLetter.Reason, buffer.AsSpan(used));
            }

            hash.AppendData(buffer, 0, used);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, 12));
    }

    private const int HashBufferBytes = 64 * 1024;

    /// <summary>Makes room for <paramref name="bytes"/> more, hashing what the buffer holds first (or growing it for a huge id).</summary>
    private static void Reserve(IncrementalHash hash, ref byte[] buffer, ref int used, int bytes)
    {
        if (buffer.Length - used >= bytes)
        {
            return;
        }

        hash.AppendData(buffer, 0, used);
        used = 0;
        if (buffer.Length < bytes)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = ArrayPool<byte>.Shared.Rent(bytes);
        }
    }
}
