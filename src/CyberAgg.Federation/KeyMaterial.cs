using System.Security.Cryptography;
using CyberAgg.Configuration;

namespace CyberAgg.Federation;

/// <summary>Reads key material given as <c>base64:...</c> or <c>file:PATH</c>; errors name the key, never the secret.</summary>
internal static class KeyMaterial
{
    public static byte[] Read(string key, string value)
    {
        if (value.StartsWith("base64:", StringComparison.Ordinal))
        {
            try
            {
                return Convert.FromBase64String(value["base64:".Length..]);
            }
            catch (FormatException)
            {
                throw new ConfigurationException(key, "is not valid base64 after 'base64:'.");
            }
        }

        if (value.StartsWith("file:", StringComparison.Ordinal))
        {
            var path = value["file:".Length..];
            return File.Exists(path)
                ? File.ReadAllBytes(path)
                : throw new ConfigurationException(key, $"file '{path}' does not exist.");
        }

        throw new ConfigurationException(key, "must be 'base64:...' or 'file:PATH'.");
    }

    public static ECDsa LoadSigningKey(string key, string value) =>
        Load(key, value, (ecdsa, der) => ecdsa.ImportPkcs8PrivateKey(der, out _), "is not an ECDSA P-256 private key (PKCS#8); create one with: openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256.");

    public static ECDsa LoadPublicKey(string key, string value) =>
        Load(key, value, (ecdsa, der) => ecdsa.ImportSubjectPublicKeyInfo(der, out _), "is not an ECDSA P-256 public key (SubjectPublicKeyInfo); export it with: openssl pkey -pubout.");

    /// <summary>A PEM file (<c>file:</c>) or DER bytes (<c>base64:</c>) imported by <paramref name="importDer"/>; a bad key is a one-line error.</summary>
    private static ECDsa Load(string key, string value, Action<ECDsa, byte[]> importDer, string problem)
    {
        var bytes = Read(key, value);
        var ecdsa = ECDsa.Create();
        try
        {
            if (value.StartsWith("file:", StringComparison.Ordinal))
            {
                ecdsa.ImportFromPem(System.Text.Encoding.UTF8.GetString(bytes));
            }
            else
            {
                importDer(ecdsa, bytes);
            }
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            ecdsa.Dispose();
            throw new ConfigurationException(key, problem);
        }

        return ecdsa;
    }
}
