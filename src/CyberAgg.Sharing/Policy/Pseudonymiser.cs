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

    /// <summary>
    /// The key that pseudonymises for one recipient: HMAC-SHA256 of the agreement key over the recipient id, with the
    /// same id, so rotation (a new key id) still starts a new period and two recipients never share a pseudonym.
    /// </summary>
    public static PseudonymKey ForRecipient(PseudonymKey key, string recipient)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrEmpty(recipient);
        return new PseudonymKey(key.Id, HMACSHA256.HashData(key.Secret, Encoding.UTF8.GetBytes("cyberagg-pseudonym-recipient\0" + recipient)));
    }

    public static bool IsPseudonym(string? value) => value is not null && value.StartsWith(Prefix, StringComparison.Ordinal);
}
