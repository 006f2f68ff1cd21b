using System.Buffers;

namespace CyberAgg.Agent.Sources;

/// <summary>Cuts a byte stream into lines (LF, optional CR); a line longer than the record limit keeps only its head.</summary>
internal sealed class LineSplitter(int maxRecordBytes)
{
    private readonly ArrayBufferWriter<byte> _partial = new();
    private bool _overflowed;

    public List<byte[]> Push(ReadOnlySpan<byte> data)
    {
        var lines = new List<byte[]>();
        while (!data.IsEmpty)
        {
            var newline = data.IndexOf((byte)'\n');
            var chunk = newline < 0 ? data : data[..newline];
            Append(chunk);
            if (newline < 0)
            {
                break;
            }

            lines.Add(Take());
            data = data[(newline + 1)..];
        }

        return lines;
    }

    public byte[]? Flush() => _partial.WrittenCount == 0 && !_overflowed ? null : Take();

    private void Append(ReadOnlySpan<byte> chunk)
    {
        // One byte past the limit is kept so the normaliser still sees the record as too large.
        var room = maxRecordBytes + 1 - _partial.WrittenCount;
        if (chunk.Length > room)
        {
            chunk = chunk[..Math.Max(room, 0)];
            _overflowed = true;
        }

        _partial.Write(chunk);
    }

    private byte[] Take()
    {
        var line = _partial.WrittenSpan.ToArray();
        _partial.ResetWrittenCount();
        _overflowed = false;
        if (line.Length > 0 && line[^1] == '\r')
        {
            Array.Resize(ref line, line.Length - 1);
        }

        return line;
    }
}
