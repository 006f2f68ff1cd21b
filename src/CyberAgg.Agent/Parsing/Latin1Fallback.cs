using System.Buffers;
using System.Text;

namespace CyberAgg.Agent.Parsing;

/// <summary>
/// Decodes bytes that are not valid UTF-8 (RFC 5424 allows a non-UTF-8 MSG without BOM): valid UTF-8 sequences stay
/// as they are, every other byte is read as ISO-8859-1, so nothing is lost and the original bytes can be recovered.
/// </summary>
internal static class Latin1Fallback
{
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        var result = new StringBuilder(bytes.Length);
        while (!bytes.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(bytes, out var rune, out var consumed);
            if (status == OperationStatus.Done)
            {
                if (rune.IsBmp)
                {
                    result.Append((char)rune.Value);
                }
                else
                {
                    result.Append(rune.ToString());
                }

                bytes = bytes[consumed..];
            }
            else
            {
                result.Append((char)bytes[0]);
                bytes = bytes[1..];
            }
        }

        return result.ToString();
    }
}
