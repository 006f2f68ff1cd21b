using System.Buffers.Binary;
using System.Text;
using CyberAgg.Agent.Pipeline;

namespace CyberAgg.Agent.Spool;

/// <summary>
/// The spool file format: the batch's messages exactly as they will be produced, plus the run and sequence that
/// let the same run confirm its checkpoints when the batch drains.
/// </summary>
internal static class SpoolCodec
{
    private static ReadOnlySpan<byte> Magic => "CASP"u8;

    private const byte Version = 1;

    public static byte[] Encode(OutboundBatch batch, Guid runId)
    {
        using var stream = new MemoryStream((int)Math.Min(batch.Bytes + 1024, int.MaxValue));
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(runId.ToByteArray());
            writer.Write(batch.Sequence);
            writer.Write(batch.EventCount);
            writer.Write(batch.DeadLetterCount);
            writer.Write(batch.CreatedUnixMs);
            writer.Write(batch.Messages.Count);
            foreach (var message in batch.Messages)
            {
                writer.Write(message.Topic);
                WriteBytes(writer, message.Key);
                writer.Write(message.Headers.Count);
                foreach (var (name, value) in message.Headers)
                {
                    writer.Write(name);
                    WriteBytes(writer, value);
                }

                WriteBytes(writer, message.Value);
            }
        }

        return stream.ToArray();
    }

    /// <summary>The events of an entry, read from its fixed header only.</summary>
    public static int ReadEventCount(ReadOnlySpan<byte> header) =>
        header.Length >= 33 && header.StartsWith(Magic) ? BinaryPrimitives.ReadInt32LittleEndian(header[29..]) : 0;

    /// <exception cref="InvalidDataException">Not a complete spool entry.</exception>
    public static (OutboundBatch Batch, Guid RunId) Decode(byte[] data)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(data), Encoding.UTF8);
            if (!reader.ReadBytes(4).AsSpan().SequenceEqual(Magic) || reader.ReadByte() != Version)
            {
                throw new InvalidDataException("not a version 1 spool entry");
            }

            var runId = new Guid(reader.ReadBytes(16));
            var sequence = reader.ReadInt64();
            var events = reader.ReadInt32();
            var deadLetters = reader.ReadInt32();
            var created = reader.ReadInt64();
            var count = reader.ReadInt32();
            var messages = new List<OutboundMessage>(count);
            for (var i = 0; i < count; i++)
            {
                var topic = reader.ReadString();
                var key = ReadBytes(reader);
                var headerCount = reader.ReadInt32();
                var headers = new KeyValuePair<string, byte[]>[headerCount];
                for (var h = 0; h < headerCount; h++)
                {
                    headers[h] = new(reader.ReadString(), ReadBytes(reader) ?? []);
                }

                messages.Add(new OutboundMessage(topic, key, ReadBytes(reader) ?? [], headers));
            }

            if (reader.BaseStream.Position != data.Length)
            {
                throw new InvalidDataException("trailing bytes");
            }

            return (new OutboundBatch { Sequence = sequence, Messages = messages, EventCount = events, DeadLetterCount = deadLetters, CreatedUnixMs = created }, runId);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("truncated spool entry", e);
        }
    }

    private static void WriteBytes(BinaryWriter writer, byte[]? value)
    {
        writer.Write(value?.Length ?? -1);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    private static byte[]? ReadBytes(BinaryReader reader)
    {
        var length = reader.ReadInt32();
        if (length < 0)
        {
            return null;
        }

        var bytes = reader.ReadBytes(length);
        return bytes.Length == length ? bytes : throw new EndOfStreamException();
    }
}
