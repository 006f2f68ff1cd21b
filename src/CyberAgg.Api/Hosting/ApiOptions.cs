using CyberAgg.Configuration;
using Microsoft.Extensions.Configuration;

namespace CyberAgg.Api.Hosting;

/// <summary>Where the API listens and what it reads (section <c>api</c>); ClickHouse and Kafka come from their own sections.</summary>
public sealed class ApiOptions
{
    /// <summary>docs/contract.md: <c>127.0.0.1:8080</c> (host:port; HTTPS with tls_certificate and tls_key). Port 0 picks a free port (tests).</summary>
    [ConfigurationKeyName("listen")]
    public string Listen { get; set; } = "127.0.0.1:8080";

    /// <summary>The path of sharing.yaml (partners, credentials, agreements, keys); unset runs no API (nothing is read implicitly).</summary>
    [ConfigurationKeyName("sharing")]
    public string Sharing { get; set; } = "";

    /// <summary>PEM certificate (chain) for HTTPS; with <see cref="TlsKey"/> the API listens with TLS only.</summary>
    [ConfigurationKeyName("tls_certificate")]
    public string? TlsCertificate { get; set; }

    /// <summary>PEM private key of <see cref="TlsCertificate"/>.</summary>
    [ConfigurationKeyName("tls_key")]
    public string? TlsKey { get; set; }

    /// <summary>Whether the API serves HTTPS.</summary>
    public bool Tls => !string.IsNullOrWhiteSpace(TlsCertificate);

    /// <summary>The URL Kestrel listens on, from <see cref="Listen"/>.</summary>
    public string Url => (Tls ? "https://" : "http://") + Listen;

    /// <summary>The topic the live stream follows.</summary>
    [ConfigurationKeyName("alerts_topic")]
    public string AlertsTopic { get; set; } = CyberAgg.Events.KafkaTopicNames.Alerts;

    /// <summary>Alerts kept in memory for <c>Last-Event-ID</c> resumption of the stream.</summary>
    [ConfigurationKeyName("stream_buffer")]
    public int StreamBuffer { get; set; } = 10_000;

    /// <summary>The largest page <c>GET /api/alerts</c> returns.</summary>
    [ConfigurationKeyName("max_page_size")]
    public int MaxPageSize { get; set; } = 500;

    /// <summary>Raise <c>partner_silent</c> when a partner that usually sends has sent nothing this long; zero turns it off.</summary>
    [ConfigurationKeyName("partner_silent_after")]
    public TimeSpan PartnerSilentAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Open <c>/api/alerts/stream</c> connections one token may hold; more get 429.</summary>
    [ConfigurationKeyName("max_streams_per_token")]
    public int MaxStreamsPerToken { get; set; } = 8;

    public ClickHouseOptions ClickHouse { get; set; } = new();

    public KafkaOptions Kafka { get; set; } = new();

    /// <summary>Throws a <see cref="ConfigurationException"/> naming the first bad key.</summary>
    public void Validate(string section = "api")
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.PathAndQuery != "/" || Listen.Contains('/', StringComparison.Ordinal))
        {
            throw new ConfigurationException($"{section}.listen", $"'{Listen}' is not host:port, e.g. 127.0.0.1:8080 or 0.0.0.0:8080.");
        }

        if (string.IsNullOrWhiteSpace(TlsCertificate) != string.IsNullOrWhiteSpace(TlsKey))
        {
            throw new ConfigurationException($"{section}.tls_key", $"and {section}.tls_certificate go together; set both (PEM files) for HTTPS, or neither.");
        }

        foreach (var (key, path) in new[] { ("tls_certificate", TlsCertificate), ("tls_key", TlsKey) })
        {
            if (!string.IsNullOrWhiteSpace(path) && !File.Exists(path))
            {
                throw new ConfigurationException($"{section}.{key}", $"'{path}' does not exist; point it at a PEM file.");
            }
        }

        if (string.IsNullOrWhiteSpace(AlertsTopic))
        {
            throw new ConfigurationException($"{section}.alerts_topic", "is empty; the default is cyberagg.alerts.v1.");
        }

        if (StreamBuffer is < 100 or > 1_000_000)
        {
            throw new ConfigurationException($"{section}.stream_buffer", $"{StreamBuffer} is outside 100..1000000.");
        }

        if (MaxPageSize is < 1 or > 5000)
        {
            throw new ConfigurationException($"{section}.max_page_size", $"{MaxPageSize} is outside 1..5000.");
        }

        if (PartnerSilentAfter < TimeSpan.Zero || PartnerSilentAfter > TimeSpan.FromDays(7))
        {
            throw new ConfigurationException($"{section}.partner_silent_after", $"{PartnerSilentAfter} is outside 00:00:00 (off) .. 7.00:00:00.");
        }

        if (MaxStreamsPerToken is < 1 or > 1000)
        {
            throw new ConfigurationException($"{section}.max_streams_per_token", $"{MaxStreamsPerToken} is outside 1..1000.");
        }

        ClickHouse.Validate();
        Kafka.Validate();
    }
}
