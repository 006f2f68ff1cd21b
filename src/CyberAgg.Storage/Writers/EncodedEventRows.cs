using System.Buffers;
using System.Text;
using System.Text.Json;
using CyberAgg.Events;

namespace CyberAgg.Storage.Writers;

/// <summary>
/// Events already written as <see cref="EventRows"/> rows, kept in pooled chunks (4 KiB doubling to 1 MiB) until
/// their insert, with the two fields an insert still needs per row (id and time, for the token and the day split).
/// </summary>
/// <remarks>
/// An event waiting for its insert (up to two inserts' worth, a second or two) is ~200 bytes in a pooled chunk and
/// 32 in a pooled row table, instead of the decoded event's ~600 bytes in ten objects that outlive two collections
/// and die in the oldest generation. Not thread-safe: one writer, then one reader at a time. <see cref="Dispose"/>
/// returns what it rented.
/// </remarks>
public sealed class EncodedEventRows : IDisposable
{
    /// <summary>The largest chunk; chunks start small and double up to this, and a longer row gets a chunk of its own.</summary>
    internal const int ChunkBytes = 1024 * 1024;

    private const int MinChunkBytes = 4 * 1024;

    // The row table of a range of 100,000 rows is 3 MB: pooled too, or every range would leave that much on the large
    // object heap, which only a gen2 collection reclaims (and gen2 collections are rare once events die young).
    private static readonly ArrayPool<RowInfo> Infos = ArrayPool<RowInfo>.Create(1 << 20, 32);

    private readonly List<byte[]> chunks = [];
    private readonly RowBinaryBuffer scratch = new(4096);
    private RowInfo[] rows;
    private int count;
    private int nextChunk;
    private int used;

    /// <param name="expectedRows">Rows about to be added, to size the first chunk (a batch's range of a few events
    /// must not hold a megabyte while it waits in the queue).</param>
    public EncodedEventRows(int expectedRows = 0)
    {
        rows = Infos.Rent(Math.Max(16, expectedRows));
        nextChunk = (int)Math.Clamp(expectedRows * 256L, MinChunkBytes, ChunkBytes);
    }

    /// <summary>Rows held.</summary>
    public int Count => count;

    /// <summary>Bytes of RowBinary held.</summary>
    public long Bytes { get; private set; }

    /// <summary>Bytes of the chunks held (rented, so at least <see cref="Bytes"/>).</summary>
    internal long Capacity => chunks.Sum(c => (long)c.Length);

    /// <summary>The event id of row <paramref name="row"/> (null if the event had none).</summary>
    public string? EventId(int row) => Info(row).EventId;

    /// <summary>The event time of row <paramref name="row"/>, UTC ticks.</summary>
    public long TimestampTicks(int row) => Info(row).Ticks;

    /// <summary>The partner of row <paramref name="row"/> (<c>observer.partner</c>, empty if the event had none), read back from the row.</summary>
    public string Partner(int row) => Origin(row).Partner;

    /// <summary>Writes <paramref name="e"/> as one row of <see cref="EventRows.Columns"/>.</summary>
    public void Add(SecurityEvent e, long ingestedAtMs, int kafkaPartition)
    {
        ArgumentNullException.ThrowIfNull(e);
        scratch.Clear();
        EventRows.Write(scratch, e, ingestedAtMs, kafkaPartition);
        Append(scratch.WrittenMemory.Span, e.EventId, e.Timestamp.UtcTicks);
    }

    /// <summary>Copies row <paramref name="row"/> of <paramref name="source"/> to the end.</summary>
    public void CopyFrom(EncodedEventRows source, int row)
    {
        ArgumentNullException.ThrowIfNull(source);
        var info = source.Info(row);
        Append(source.Row(row), info.EventId, info.Ticks);
    }

    /// <summary>The RowBinary bytes of row <paramref name="row"/>, valid until <see cref="Dispose"/>.</summary>
    public ReadOnlySpan<byte> Row(int row)
    {
        var info = Info(row);
        return chunks[info.Chunk].AsSpan(info.Offset, info.Length);
    }

    /// <summary>A summary of a row for a dead letter's original bytes: its id, time and origin.</summary>
    public byte[] Describe(int row)
    {
        var info = Info(row);
        var (partner, country) = Origin(row);
        return JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string?>
        {
            ["event.id"] = info.EventId,
            ["@timestamp"] = new DateTime(info.Ticks, DateTimeKind.Utc).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["observer.partner"] = partner,
            ["observer.country"] = country,
        });
    }

    /// <summary>All rows, in order, as an insert's rows.</summary>
    public Selection All() => new(this, null);

    /// <summary>The rows at <paramref name="indices"/>, in that order, as an insert's rows.</summary>
    public Selection Select(int[] indices) => new(this, indices);

    public void Dispose()
    {
        foreach (var chunk in chunks)
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        chunks.Clear();
        if (rows.Length > 0)
        {
            // Cleared: a pooled table must not keep the ids alive.
            Infos.Return(rows, clearArray: true);
            rows = [];
        }

        count = 0;
        used = 0;
        Bytes = 0;
        scratch.Dispose();
    }

    private RowInfo Info(int row)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)count, nameof(row));
        return rows[row];
    }

    /// <summary>Partner and country, read back from the row, whose first columns are event_id, ts, ingested_at, partner, country.</summary>
    private (string Partner, string Country) Origin(int row)
    {
        var bytes = Row(row);
        var partnerAt = SkipString(bytes, 0) + 16;
        var countryAt = SkipString(bytes, partnerAt);
        return (ReadString(bytes, partnerAt), ReadString(bytes, countryAt));
    }

    private static int SkipString(ReadOnlySpan<byte> row, int at)
    {
        var (length, header) = ReadLength(row, at);
        return at + header + length;
    }

    private static string ReadString(ReadOnlySpan<byte> row, int at)
    {
        var (length, header) = ReadLength(row, at);
        return Encoding.UTF8.GetString(row.Slice(at + header, length));
    }

    private static (int Length, int Header) ReadLength(ReadOnlySpan<byte> row, int at)
    {
        var length = 0;
        for (var header = 0; ; header++)
        {
            var b = row[at + header];
            length |= (b & 0x7f) << (7 * header);
            if (b < 0x80)
            {
                return (length, header + 1);
            }
        }
    }

    private void Append(ReadOnlySpan<byte> row, string? eventId, long ticks)
    {
        if (chunks.Count == 0 || chunks[^1].Length - used < row.Length)
        {
            chunks.Add(ArrayPool<byte>.Shared.Rent(Math.Max(nextChunk, row.Length)));
            nextChunk = Math.Min(ChunkBytes, nextChunk * 2);
            used = 0;
        }

        row.CopyTo(chunks[^1].AsSpan(used));
        if (count == rows.Length)
        {
            var larger = Infos.Rent(rows.Length * 2);
            rows.AsSpan(0, count).CopyTo(larger);
            Infos.Return(rows, clearArray: true);
            rows = larger;
        }

        rows[count++] = new RowInfo(eventId, ticks, chunks.Count - 1, used, row.Length);
        used += row.Length;
        Bytes += row.Length;
    }

    /// <summary>Some or all rows of an <see cref="EncodedEventRows"/>, written to an insert as they are.</summary>
    public readonly struct Selection(EncodedEventRows rows, int[]? indices) : IRowBinaryRows
    {
        public int Count => indices?.Length ?? rows.Count;

        /// <summary>The index in the source of the <paramref name="index"/>-th selected row.</summary>
        public int SourceRow(int index) => indices?[index] ?? index;

        public void Write(int index, RowBinaryBuffer buffer)
        {
            ArgumentNullException.ThrowIfNull(buffer);
            buffer.Raw(rows.Row(SourceRow(index)));
        }
    }

    private readonly record struct RowInfo(string? EventId, long Ticks, int Chunk, int Offset, int Length);
}
