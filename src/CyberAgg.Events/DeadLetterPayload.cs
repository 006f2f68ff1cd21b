using System.Text;

namespace CyberAgg.Events;

/// <summary>Bounds the original bytes kept with a dead letter, marking the cut so nobody mistakes it for the whole record.</summary>
public static class DeadLetterPayload
{
    /// <summary>Default cap on the original bytes kept (64 KiB).</summary>
    public const int DefaultMaxBytes = 64 * 1024;

    /// <summary>The input when it fits, else its first bytes followed by <c>…[truncated N bytes]</c>.</summary>
    public static byte[] Truncate(ReadOnlySpan<byte> original, int maxBytes = DefaultMaxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        if (original.Length <= maxBytes)
        {
            return original.ToArray();
        }

        var marker = Encoding.UTF8.GetBytes($"…[truncated {original.Length - maxBytes} bytes]");
        var result = new byte[maxBytes + marker.Length];
        original[..maxBytes].CopyTo(result);
        marker.CopyTo(result.AsSpan(maxBytes));
        return result;
    }
}
