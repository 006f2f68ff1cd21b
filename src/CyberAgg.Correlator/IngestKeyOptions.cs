using CyberAgg.Configuration;
using Microsoft.Extensions.Configuration;

namespace CyberAgg.Correlator;

/// <summary>One partner ingest key: reference the secret as <c>${env:NAME}</c> or <c>${file:/path}</c>.</summary>
public sealed class IngestKeyOptions
{
    [ConfigurationKeyName("partner")]
    public string Partner { get; set; } = "";

    [ConfigurationKeyName("key_id")]
    public string KeyId { get; set; } = "";

    /// <summary>The partner's country (ISO 3166-1 alpha-2); a batch signed with this key that names another is dead-lettered (<c>country_mismatch</c>).</summary>
    [ConfigurationKeyName("country")]
    public string? Country { get; set; }

    [ConfigurationKeyName("secret")]
    public string Secret { get; set; } = "";

    public void Validate(string path)
    {
        if (string.IsNullOrWhiteSpace(Partner))
        {
            throw new ConfigurationException($"{path}.partner", "is empty; name the partner id, e.g. ee-cert.");
        }

        if (string.IsNullOrWhiteSpace(KeyId))
        {
            throw new ConfigurationException($"{path}.key_id", "is empty; name the key, e.g. 2026-11.");
        }

        // A key without a country would let its partner claim any country per batch, and so raise a "cross-border"
        // alert alone.
        if (string.IsNullOrWhiteSpace(Country))
        {
            throw new ConfigurationException($"{path}.country", $"is missing; every ingest key names its partner's country (ISO 3166-1 alpha-2), e.g. country: EE for {(Partner.Length == 0 ? "the partner" : Partner)}.");
        }

        if (Country.Length != 2 || !char.IsAsciiLetterUpper(Country[0]) || !char.IsAsciiLetterUpper(Country[1]))
        {
            throw new ConfigurationException($"{path}.country", $"'{Country}' is not an ISO 3166-1 alpha-2 code in capitals, e.g. EE.");
        }

        if (SecretBytes(path).Length < 16)
        {
            throw new ConfigurationException($"{path}.secret", "must be at least 16 bytes; generate one with: openssl rand -base64 32, and write it as base64:...");
        }
    }

    /// <summary>The key bytes: base64-decoded when written <c>base64:...</c> (as the agent reads it), else the UTF-8 of the text.</summary>
    public byte[] SecretBytes(string path = "ingest.keys[]")
    {
        if (!Secret.StartsWith("base64:", StringComparison.Ordinal))
        {
            return System.Text.Encoding.UTF8.GetBytes(Secret);
        }

        try
        {
            return Convert.FromBase64String(Secret["base64:".Length..]);
        }
        catch (FormatException e)
        {
            throw new ConfigurationException($"{path}.secret", "starts with base64: but the rest is not valid base64.", e);
        }
    }
}
