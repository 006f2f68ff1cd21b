using System.Security.Cryptography;
using System.Text;

namespace CyberAgg.Federation.Exchange;

/// <summary>
/// Seals a released clear value to the requester: ECDH P-256 between the requester's one-time key (in its signed
/// request) and the owner's one-time key (in its signed answer), HKDF-SHA256 bound to the request (id, nodes, token),
/// then AES-256-GCM with the same binding as associated data. Only the holder of the request's private key opens it;
/// the alliance Kafka's operator sees ciphertext, and cannot swap either key without breaking a signature.
/// </summary>
internal static class ValueSealing
{
    private static readonly byte[] Salt = "cyberagg-exchange-v1"u8.ToArray();

    public static (string Nonce, string Sealed) Seal(ECDiffieHellman ownerEphemeral, string requesterKey, string id, string requester, string owner, string token, string value)
    {
        ArgumentNullException.ThrowIfNull(ownerEphemeral);
        var binding = Binding(id, requester, owner, token);
        var key = Key(ownerEphemeral, requesterKey, binding);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var plain = Encoding.UTF8.GetBytes(value);
        var output = new byte[plain.Length + 16];
        using (var aes = new AesGcm(key, 16))
        {
            aes.Encrypt(nonce, plain, output.AsSpan(0, plain.Length), output.AsSpan(plain.Length), binding);
        }

        CryptographicOperations.ZeroMemory(key);
        return (Convert.ToBase64String(nonce), Convert.ToBase64String(output));
    }

    /// <summary>The value, or null when the answer does not open with this request's key (tampered, or another request).</summary>
    public static string? Open(ECDiffieHellman requesterEphemeral, string ownerKey, string id, string requester, string owner, string token, string nonce, string sealedValue)
    {
        ArgumentNullException.ThrowIfNull(requesterEphemeral);
        try
        {
            var binding = Binding(id, requester, owner, token);
            var key = Key(requesterEphemeral, ownerKey, binding);
            var n = Convert.FromBase64String(nonce);
            var all = Convert.FromBase64String(sealedValue);
            if (n.Length != 12 || all.Length < 16)
            {
                return null;
            }

            var plain = new byte[all.Length - 16];
            using (var aes = new AesGcm(key, 16))
            {
                aes.Decrypt(n, all.AsSpan(0, plain.Length), all.AsSpan(plain.Length), plain, binding);
            }

            CryptographicOperations.ZeroMemory(key);
            return Encoding.UTF8.GetString(plain);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>A one-time ECDH P-256 key and its public half as base64 SubjectPublicKeyInfo.</summary>
    public static (ECDiffieHellman Key, string Public) NewKey()
    {
        var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        return (key, Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()));
    }

    private static byte[] Key(ECDiffieHellman mine, string theirs, byte[] binding)
    {
        using var other = ECDiffieHellman.Create();
        other.ImportSubjectPublicKeyInfo(Convert.FromBase64String(theirs), out _);
        if (other.KeySize != 256)
        {
            throw new CryptographicException("The peer key is not P-256.");
        }

        var shared = mine.DeriveRawSecretAgreement(other.PublicKey);
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 32, Salt, binding);
        CryptographicOperations.ZeroMemory(shared);
        return key;
    }

    private static byte[] Binding(string id, string requester, string owner, string token) =>
        Encoding.UTF8.GetBytes($"{id}\0{requester}\0{owner}\0{token}");
}
