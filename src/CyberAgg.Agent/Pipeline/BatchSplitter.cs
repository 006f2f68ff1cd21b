using System.Buffers.Binary;
using System.Security.Cryptography;
using CyberAgg.Events;
using CyberAgg.Events.Wire;

namespace CyberAgg.Agent.Pipeline;

/// <summary>
/// Cuts a signed batch that is too large for Kafka into signed batches that fit, on the wire format itself
/// (docs/wire-format.md): each event's bytes are copied unchanged, in order, exactly once; every piece keeps the
/// original header (key, partner, country, sensor, creation time) with its own count, body length and HMAC.
/// </summary>
/// <remarks>
/// The signature is verified before anything is re-signed, so a spool file altered on disk is never laundered into a
/// valid batch. An event too large for a batch of its own is handed back, with its size, for the caller to dead-letter.
/// </remarks>
internal static class BatchSplitter
{
    private const int CountOffset = 8;
    private const int BodyLengthOffset = 12;

    /// <param name="batch">A complete signed batch.</param>
    /// <param name="secret">The ingest key it was signed with.</param>
    /// <param name="maxPayloadBytes">The most bytes one piece may have, header and HMAC included.</param>
    public static BatchSplit Split(ReadOnlySpan<byte> batch, ReadOnlySpan<byte> secret, int maxPayloadBytes)
    {
        var limits = BatchLimits.Default with { MaxMessageBytes = int.MaxValue, MaxEvents = int.MaxValue };
        var reason = BatchReader.TryReadHeader(batch, limits, out var header, out var detail);
        if (reason != DeadLetterReason.None)
        {
            return BatchSplit.Failed($"not a batch ({reason.ToCode()}{(detail is null ? "" : ": " + detail)})");
        }

        if (!BatchReader.VerifySignature(batch, header, secret))
        {
            return BatchSplit.Failed("its signature does not verify with this agent's ingest key (signed with an earlier key?)");
        }

        var overhead = header.HeaderLength + BatchFormat.MacSize;
        var room = maxPayloadBytes - overhead;
        var pieces = new List<byte[]>();
        var oversized = new List<OversizedEvent>();
        var body = batch.Slice(header.HeaderLength, header.BodyLength);
        var head = batch[..header.HeaderLength];
        int pieceStart = 0, pieceEnd = 0, pieceCount = 0, position = 0;
        for (var index = 0; index < header.EventCount; index++)
        {
            if (body.Length - position < 4)
            {
                return BatchSplit.Failed($"event {index} is truncated");
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(body[position..]);
            if (length > (uint)(body.Length - position - 4))
            {
                return BatchSplit.Failed($"event {index} is truncated");
            }

            var size = 4 + (int)length;
            if (size > room)
            {
                Flush(head, body[pieceStart..pieceEnd], pieceCount, secret, pieces);
                oversized.Add(new OversizedEvent(index, overhead + size, body.Slice(position + 4, (int)length).ToArray()));
                position += size;
                pieceStart = pieceEnd = position;
                pieceCount = 0;
                continue;
            }

            if (pieceEnd - pieceStart + size > room)
            {
                Flush(head, body[pieceStart..pieceEnd], pieceCount, secret, pieces);
                pieceStart = pieceEnd;
                pieceCount = 0;
            }

            position += size;
            pieceEnd = position;
            pieceCount++;
        }

        if (position != body.Length)
        {
            return BatchSplit.Failed($"{body.Length - position} bytes after the last event");
        }

        Flush(head, body[pieceStart..pieceEnd], pieceCount, secret, pieces);
        return new BatchSplit(pieces, oversized, null);
    }

    private static void Flush(ReadOnlySpan<byte> head, ReadOnlySpan<byte> events, int count, ReadOnlySpan<byte> secret, List<byte[]> pieces)
    {
        if (count == 0)
        {
            return;
        }

        var piece = new byte[head.Length + events.Length + BatchFormat.MacSize];
        head.CopyTo(piece);
        events.CopyTo(piece.AsSpan(head.Length));
        BinaryPrimitives.WriteUInt32LittleEndian(piece.AsSpan(CountOffset), (uint)count);
        BinaryPrimitives.WriteUInt32LittleEndian(piece.AsSpan(BodyLengthOffset), (uint)events.Length);
        var signed = head.Length + events.Length;
        HMACSHA256.HashData(secret, piece.AsSpan(0, signed), piece.AsSpan(signed));
        pieces.Add(piece);
    }
}
