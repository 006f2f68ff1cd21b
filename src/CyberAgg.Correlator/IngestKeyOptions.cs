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

    /// <summary>When set, batches signed with this key must name this country.</summary>
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
