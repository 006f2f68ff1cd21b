using System.Text;
using CyberAgg.Rules.Loading;

namespace CyberAgg.Rules.Detection.Compilation;

/// <summary>The encoding modifiers: UTF-16 variants, <c>base64</c> and <c>base64offset</c>.</summary>
internal static class ValueEncoder
{
    private static readonly int[] StartOffsets = [0, 2, 3];
    private static readonly int[] EndTrims = [0, 3, 2];

    public static byte[] Utf16(string text, Modifier modifier) => modifier switch
    {
        Modifier.Utf16BigEndian => Encoding.BigEndianUnicode.GetBytes(text),
        Modifier.Utf16WithBom => [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(text)],
        _ => Encoding.Unicode.GetBytes(text),
    };

    public static string Base64(byte[] bytes) => Convert.ToBase64String(bytes);

    /// <summary>
    /// The three shift variants of a value embedded at an unknown offset of base64 data, trimmed to the
    /// characters that do not depend on the neighbouring bytes (the algorithm pySigma uses).
    /// </summary>
    public static IEnumerable<string> Base64Offsets(byte[] bytes)
    {
        for (var shift = 0; shift < 3; shift++)
        {
            var padded = new byte[shift + bytes.Length];
            Array.Fill(padded, (byte)' ', 0, shift);
            bytes.CopyTo(padded, shift);
            var encoded = Convert.ToBase64String(padded);
            var start = StartOffsets[shift];
            var end = encoded.Length - EndTrims[(bytes.Length + shift) % 3];
            if (end <= start)
            {
                throw new RuleCompileException(RuleErrorCodes.InvalidValue, "base64offset value is too short to encode");
            }

            yield return encoded[start..end];
        }
    }
}
