using System.Security.Cryptography;
using System.Text;

namespace CyberAgg.Federation.Wire;

/// <summary>
/// Signs alliance batches with the node's ECDSA P-256 key over the topic and the message value. Members verify with
/// the node's public key, so no member (and not the alliance operator) can forge another node's batch, and a batch
/// cannot be moved from one topic to another.
/// </summary>
internal static class BatchSignature
{
    /// <summary>The Kafka header carrying <c>v1 &lt;node&gt; &lt;base64 signature&gt;</c>.</summary>
    public const string HeaderName = "cyberagg-signature";

    public const string Unsigned = "unsigned";
    public const string UnknownNode = "unknown_node";
    public const string BadSignature = "bad_signature";

    public static byte[] Sign(ECDsa key, string node, string topic, ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(key);
        var signature = key.SignData(Signed(topic, value), HashAlgorithmName.SHA256);
        return Encoding.ASCII.GetBytes($"v1 {node} {Convert.ToBase64String(signature)}");
    }

    /// <summary>Null when the header is a valid signature of <paramref name="value"/> on <paramref name="topic"/> by <paramref name="node"/>; else the reason.</summary>
    public static string? Verify(IReadOnlyDictionary<string, ECDsa> members, string node, string topic, ReadOnlySpan<byte> value, ReadOnlySpan<byte> header)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (header.IsEmpty)
        {
            return Unsigned;
        }

        var parts = Encoding.ASCII.GetString(header).Split(' ');
        if (parts.Length != 3 || parts[0] != "v1")
        {
            return BadSignature;
        }

        if (parts[1] != node || !members.TryGetValue(node, out var key))
        {
            return UnknownNode;
        }

        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException)
        {
            return BadSignature;
        }

        return key.VerifyData(Signed(topic, value), signature, HashAlgorithmName.SHA256) ? null : BadSignature;
    }

    private static byte[] Signed(string topic, ReadOnlySpan<byte> value)
    {
        var prefix = Encoding.UTF8.GetBytes("cyberagg-alliance-v1\0" + topic + "\0");
        var all = new byte[prefix.Length + value.Length];
        prefix.CopyTo(all, 0);
        value.CopyTo(all.AsSpan(prefix.Length));
        return all;
    }
}
