namespace CyberAgg.Agent.Settings;

/// <summary>Syslog over TLS (RFC 5425) for a <c>syslog_tcp</c> input: the server's PEM certificate and key, and optionally the CA that client certificates must chain to.</summary>
internal sealed class SyslogTlsOptions
{
    public required string CertificateFile { get; init; }

    public required string KeyFile { get; init; }

    /// <summary>When set, every sender must present a certificate issued by this CA (mutual TLS); others are refused.</summary>
    public string? ClientCaFile { get; init; }
}
