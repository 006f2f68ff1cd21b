using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using CyberAgg.Events;

namespace CyberAgg.Benchmarks.Storage;

/// <summary>
/// A direct RowBinary encoder for the <c>cyberagg.events</c> columns (strings as LEB128 length + UTF-8, DateTime64(3)
/// as Int64 ms, Map as count + pairs), to size what a custom writer streamed with InsertRawStreamAsync would save.
/// </summary>
internal sealed class RowBinarySketch(int capacity)
{
    private readonly ArrayBufferWriter<byte> buffer = new(capacity);

    public int Length => buffer.WrittenCount;

    public void Reset() => buffer.ResetWrittenCount();

    public void Write(SecurityEvent e, long ingestedAtMs)
    {
        String(e.EventId);
        Int64(e.Timestamp.ToUnixTimeMilliseconds());
        Int64(ingestedAtMs);
        String(e.Partner);
        String(e.Country);
        String(e.ObserverName);
        String(e.Kind);
        String(e.Category);
        String(e.Action);
        String(e.Outcome);
        Byte((byte)Math.Clamp(e.Severity ?? 0, 0, 255));
        String(e.SourceIp);
        UInt16((ushort)Math.Clamp(e.SourcePort ?? 0, 0, 65535));
        String(e.DestinationIp);
        UInt16((ushort)Math.Clamp(e.DestinationPort ?? 0, 0, 65535));
        String(e.NetworkTransport);
        String(e.DnsQuestionName ?? e.UrlDomain);
        String(e.UrlFull);
        String(e.FileHashSha256);
        String(e.FileName);
        String(e.UserName);
        String(e.HostName);
        String(e.ProcessExecutable);
        String(e.ProcessCommandLine);
        String(e.ThreatTechniqueId);
        String(e.Tlp.ToName());
        Byte((byte)(e.Trusted ? 1 : 0));
        String(e.Message);
        Map(e.LabelsOrNull);
        Map(e.AttributesOrNull);
    }

    private void Map(IReadOnlyDictionary<string, string>? map)
    {
        Varint((ulong)(map?.Count ?? 0));
        if (map is null)
        {
            return;
        }

        foreach (var (key, value) in map)
        {
            String(key);
            String(value);
        }
    }

    private void String(string? value)
    {
        value ??= "";
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        var span = buffer.GetSpan(max + 10);
        var written = Encoding.UTF8.GetBytes(value, span[10..]);
        var prefix = 0;
        var n = (ulong)written;
        do
        {
            var b = (byte)(n & 0x7F);
            n >>= 7;
            span[prefix++] = n == 0 ? b : (byte)(b | 0x80);
        }
        while (n != 0);

        span.Slice(10, written).CopyTo(span[prefix..]);
        buffer.Advance(prefix + written);
    }

    private void Varint(ulong n)
    {
        var span = buffer.GetSpan(10);
        var i = 0;
        do
        {
            var b = (byte)(n & 0x7F);
            n >>= 7;
            span[i++] = n == 0 ? b : (byte)(b | 0x80);
        }
        while (n != 0);

        buffer.Advance(i);
    }

    private void Int64(long v)
    {
        BinaryPrimitives.WriteInt64LittleEndian(buffer.GetSpan(8), v);
        buffer.Advance(8);
    }

    private void UInt16(ushort v)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.GetSpan(2), v);
        buffer.Advance(2);
    }

    private void Byte(byte v)
    {
        buffer.GetSpan(1)[0] = v;
        buffer.Advance(1);
    }
}
