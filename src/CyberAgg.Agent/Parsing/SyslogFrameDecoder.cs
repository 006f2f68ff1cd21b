using CyberAgg.Events;

namespace CyberAgg.Agent.Parsing;

/// <summary>
/// Splits a syslog TCP stream into messages (RFC 6587): octet counting (<c>LEN SP MSG</c>) when a frame starts with a
/// digit, else non-transparent framing ending in LF (a CR before it and NUL terminators are tolerated).
/// One instance per connection: it remembers how much of an oversized frame is still to be skipped.
/// </summary>
internal sealed class SyslogFrameDecoder
{
    private const int MaxLengthDigits = 10;
    private readonly int _maxFrameBytes;
    private long _skipBytes;
    private bool _skipToNewline;

    public SyslogFrameDecoder(int maxFrameBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameBytes, 16);
        _maxFrameBytes = maxFrameBytes;
    }

    /// <summary>Looks for one frame at the start of <paramref name="buffer"/>; never throws on content.</summary>
    public FrameStatus Decode(ReadOnlySpan<byte> buffer, out int consumed, out ReadOnlySpan<byte> frame, out ParseFailure failure)
    {
        consumed = 0;
        frame = default;
        failure = default;
        if (!SkipDiscarded(ref buffer, ref consumed))
        {
            return FrameStatus.NeedMoreData;
        }

        // Separators between frames (blank lines, NUL trailers of some senders) are not messages.
        var leading = buffer.IndexOfAnyExcept((byte)'\n', (byte)'\r', (byte)0);
        if (leading < 0)
        {
            consumed += buffer.Length;
            return FrameStatus.NeedMoreData;
        }

        consumed += leading;
        buffer = buffer[leading..];
        return buffer[0] is >= (byte)'1' and <= (byte)'9'
            ? DecodeOctetCounted(buffer, ref consumed, out frame, out failure)
            : DecodeNewline(buffer, ref consumed, out frame, out failure);
    }

    private bool SkipDiscarded(ref ReadOnlySpan<byte> buffer, ref int consumed)
    {
        if (_skipBytes > 0)
        {
            var skip = (int)Math.Min(_skipBytes, buffer.Length);
            _skipBytes -= skip;
            consumed += skip;
            buffer = buffer[skip..];
            if (_skipBytes > 0)
            {
                return false;
            }
        }

        if (_skipToNewline)
        {
            var newline = buffer.IndexOf((byte)'\n');
            if (newline < 0)
            {
                consumed += buffer.Length;
                return false;
            }

            _skipToNewline = false;
            consumed += newline + 1;
            buffer = buffer[(newline + 1)..];
        }

        return true;
    }

    private FrameStatus DecodeOctetCounted(ReadOnlySpan<byte> buffer, scoped ref int consumed, out ReadOnlySpan<byte> frame, out ParseFailure failure)
    {
        frame = default;
        failure = default;
        var space = buffer[..Math.Min(buffer.Length, MaxLengthDigits + 1)].IndexOf((byte)' ');
        if (space < 0)
        {
            if (buffer.Length > MaxLengthDigits || buffer.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
            {
                failure = new(DeadLetterReason.InvalidFrame, "octet count");
                return FrameStatus.Invalid;
            }

            return FrameStatus.NeedMoreData;
        }

        long length = 0;
        foreach (var digit in buffer[..space])
        {
            if (digit is < (byte)'0' or > (byte)'9')
            {
                failure = new(DeadLetterReason.InvalidFrame, "octet count");
                return FrameStatus.Invalid;
            }

            length = (length * 10) + (digit - '0');
        }

        var body = buffer[(space + 1)..];
        if (length > _maxFrameBytes)
        {
            // The count tells exactly how much to skip, so the stream stays in sync after the oversized frame.
            frame = body[..(int)Math.Min(body.Length, _maxFrameBytes)];
            consumed += space + 1 + frame.Length;
            _skipBytes = length - frame.Length;
            failure = new(DeadLetterReason.TooLarge, $"frame of {length} bytes, limit {_maxFrameBytes}");
            return FrameStatus.Oversized;
        }

        if (body.Length < length)
        {
            return FrameStatus.NeedMoreData;
        }

        frame = body[..(int)length];
        consumed += space + 1 + (int)length;
        return FrameStatus.Frame;
    }

    private FrameStatus DecodeNewline(ReadOnlySpan<byte> buffer, scoped ref int consumed, out ReadOnlySpan<byte> frame, out ParseFailure failure)
    {
        failure = default;
        var end = buffer.IndexOfAny((byte)'\n', (byte)0);
        if (end < 0 || end > _maxFrameBytes)
        {
            if (buffer.Length <= _maxFrameBytes)
            {
                frame = default;
                return FrameStatus.NeedMoreData;
            }

            frame = buffer[.._maxFrameBytes];
            consumed += _maxFrameBytes;
            _skipToNewline = true;
            failure = new(DeadLetterReason.TooLarge, $"line longer than {_maxFrameBytes} bytes");
            return FrameStatus.Oversized;
        }

        frame = buffer[..end];
        if (!frame.IsEmpty && frame[^1] == '\r')
        {
            frame = frame[..^1];
        }

        consumed += end + 1;
        return FrameStatus.Frame;
    }
}
