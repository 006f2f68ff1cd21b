using System.Security.Cryptography;
using System.Text;
using CyberAgg.Sharing.Configuration;

namespace CyberAgg.Sharing.Policy;

/// <summary>
/// Keyed HMAC-SHA256 pseudonyms: the same value and key give the same pseudonym (analysts can still follow one user
/// across alerts), a new key starts a new period, and without the key the value cannot be recovered or confirmed.
/// </summary>
public static class Pseudonymiser
{
    /// <summary>Pseudonym classes: one IP seen as source and as destination maps to one pseudonym.</summary>
    public const string UserClass = "user";
    public const string HostClass = "host";
    public const string IpClass = "ip";

    /// <summary>Prefix that marks a value as a pseudonym, followed by the key id: <c>pn:&lt;key&gt;:&lt;32 hex&gt;</c>.</summary>
    public const string Prefix = "pn:";

    public static string Pseudonymise(PseudonymKey key, string valueClass, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        var input = Encoding.UTF8.GetBytes(valueClass + "\0" + value);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key.Secret, input, mac);
        return $"{Prefix}{key.Id}:{Convert.ToHexStringLower(mac[..16])}";
    }

    public static bool IsPseudonym(string? value) => value is not null && value.StartsWith(Prefix, StringComparison.Ordinal);
}
