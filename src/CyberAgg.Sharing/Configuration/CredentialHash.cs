using System.Security.Cryptography;
using System.Text;

namespace CyberAgg.Sharing.Configuration;

/// <summary>
/// The stored form of an API credential: <c>sha256:&lt;hex&gt;</c> of a random token. A fast hash is enough because
/// tokens carry 256 bits of randomness (see <see cref="NewToken"/>), so there is nothing to brute-force.
/// </summary>
public readonly record struct CredentialHash
{
    public const string Prefix = "sha256:";

    private readonly string hex;

    private CredentialHash(string hex) => this.hex = hex;

    /// <summary>The hash as hex, used as a lookup key.</summary>
    public string Hex => hex ?? "";

    /// <summary>A new random token to hand to a partner (once); store only <see cref="Compute"/> of it.</summary>
    public static string NewToken() => "cyb_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static CredentialHash Compute(string token) =>
        new(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))));

    public static bool TryParse(string text, out CredentialHash hash)
    {
        hash = default;
        if (!text.StartsWith(Prefix, StringComparison.Ordinal) || text.Length != Prefix.Length + 64)
        {
            return false;
        }

        var digits = text[Prefix.Length..];
        if (!digits.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        hash = new CredentialHash(digits.ToLowerInvariant());
        return true;
    }

    public override string ToString() => Prefix + Hex;
}
