using System.Buffers;
using System.Text.Json;
using CyberAgg.Events;

namespace CyberAgg.Storage.Writers;

/// <summary>
/// Events already written as <see cref="EventRows"/> rows, kept in pooled chunks (4 KiB doubling to 1 MiB) until their insert, with the few
/// fields an insert still needs per row (id and time for the token and the day split, origin for a dead letter).
/// </summary>
/// <remarks>
/// An event waiting for its insert (up to two inserts' worth, a second or two) is ~200 bytes in a pooled chunk
/// instead of the decoded event's ~600 bytes in ten objects that outlive two collections and die in the oldest
/// generation. Not thread-safe: one writer, then one reader at a time. <see cref="Dispose"/> returns the chunks.
/// </remarks>
public sealed class EncodedEventRows : IDisposable
{
    /// <summary>The largest chunk; chunks start small and double up to this, and a longer row gets a chunk of its own.</summary>
    internal const int ChunkBytes = 1024 * 1024;

    private const int MinChunkBytes = 4 * 1024;

    private readonly List<byte[]> chunks = [];
    private readonly List<RowInfo> rows;
    private readonly RowBinaryBuffer scratch = new(4096);
    private int nextChunk;
    private int used;

    /// <param name="expectedRows">Rows about to be added, to size the first chunk (a batch's range of a few events
    /// must not hold a megabyte while it waits in the queue).</param>
    public EncodedEventRows(int expectedRows = 0)
    {
        rows = new List<RowInfo>(expectedRows);
        nextChunk = (int)Math.Clamp(expectedRows * 256L, MinChunkBytes, ChunkBytes);
    }

    /// <summary>Rows held.</summary>
    public int Count => rows.Count;

    /// <summary>Bytes of RowBinary held.</summary>
    public long Bytes { get; private set; }

    /// <summary>Bytes of the chunks held (rented, so at least <see cref="Bytes"/>).</summary>
    internal long Capacity => chunks.Sum(c => (long)c.Length);

    /// <summary>The event id of row <paramref name="row"/> (null if the event had none).</summary>
    public string? EventId(int row) => rows[row].EventId;

    /// <summary>The partner of row <paramref name="row"/> (<c>observer.partner</c>).</summary>
    public string? Partner(int row) => rows[row].Partner;

    /// <summary>The event time of row <paramref name="row"/>, UTC ticks.</summary>
    public long TimestampTicks(int row) => rows[row].Ticks;

    /// <summary>Writes <paramref name="e"/> as one row of <see cref="EventRows.Columns"/>.</summary>
    public void Add(SecurityEvent e, long ingestedAtMs, int kafkaPartition)
    {
        ArgumentNullException.ThrowIfNull(e);
        scratch.Clear();
        EventRows.Write(scratch, e, ingestedAtMs, kafkaPartition);
        Append(scratch.WrittenMemory.Span, new RowInfo(e.EventId, e.Timestamp.UtcTicks, e.Partner, e.Country));
    }

    /// <summary>Copies row <paramref name="row"/> of <paramref name="source"/> to the end.</summary>
    public void CopyFrom(EncodedEventRows source, int row)
    {
        ArgumentNullException.ThrowIfNull(source);
        Append(source.Row(row), source.rows[row]);
    }

    /// <summary>The RowBinary bytes of row <paramref name="row"/>, valid until <see cref="Dispose"/>.</summary>
    public ReadOnlySpan<byte> Row(int row)
    {
        var info = rows[row];
        return chunks[info.Chunk].AsSpan(info.Offset, info.Length);
    }

    /// <summary>A summary of a row for a dead letter's original bytes: its id, time and origin.</summary>
    public byte[] Describe(int row)
    {
        var info = rows[row];
        return JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string?>
        {
            ["event.id"] = info.EventId,
            ["@timestamp"] = new DateTime(info.Ticks, DateTimeKind.Utc).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["observer.partner"] = info.Partner,
            ["observer.country"] = info.Country,
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
        rows.Clear();
        used = 0;
        Bytes = 0;
        scratch.Dispose();
    }

    private void Append(ReadOnlySpan<byte> row, RowInfo info)
    {
        if (chunks.Count == 0 || chunks[^1].Length - used < row.Length)
        {
            chunks.Add(ArrayPool<byte>.Shared.Rent(Math.Max(nextChunk, row.Length)));
            nextChunk = Math.Min(ChunkBytes, nextChunk * 2);
            used = 0;
        }

        row.CopyTo(chunks[^1].AsSpan(used));
        rows.Add(info with { Chunk = chunks.Count - 1, Offset = used, Length = row.Length });
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

    private readonly record struct RowInfo(string? EventId, long Ticks, string? Partner, string? Country)
    {
        public int Chunk { get; init; }

        public int Offset { get; init; }

        public int Length { get; init; }
    }
}
