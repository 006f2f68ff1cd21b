using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using CyberAgg.Agent.Settings;
using CyberAgg.Configuration;

namespace CyberAgg.Agent.Sources;

/// <summary>
/// The server side of syslog over TLS (RFC 5425): TLS 1.2 or 1.3 with the configured PEM certificate, and, when a
/// client CA is configured, a client certificate that must chain to exactly that CA (the system roots do not count).
/// </summary>
internal sealed class SyslogTls : IDisposable
{
    private readonly X509Certificate2 _certificate;
    private readonly X509Certificate2Collection? _clientCa;

    public SyslogTls(SyslogTlsOptions options, string inputKey)
    {
        try
        {
            _certificate = X509Certificate2.CreateFromPemFile(options.CertificateFile, options.KeyFile);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException or ArgumentException)
        {
            throw new ConfigurationException($"{inputKey}.tls.certificate", $"'{options.CertificateFile}' with key '{options.KeyFile}' cannot be loaded as a PEM certificate and private key: {e.Message}");
        }

        if (options.ClientCaFile is { } caFile)
        {
            _clientCa = [];
            try
            {
                _clientCa.ImportFromPemFile(caFile);
            }
            catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException)
            {
                throw new ConfigurationException($"{inputKey}.tls.client_ca", $"'{caFile}' cannot be read as PEM certificates: {e.Message}");
            }

            if (_clientCa.Count == 0)
            {
                throw new ConfigurationException($"{inputKey}.tls.client_ca", $"'{caFile}' holds no certificate.");
            }
        }
    }

    public bool RequiresClientCertificate => _clientCa is not null;

    public SslServerAuthenticationOptions ServerOptions() => new()
    {
        ServerCertificate = _certificate,
        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
        ClientCertificateRequired = _clientCa is not null,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        RemoteCertificateValidationCallback = (_, certificate, _, _) => _clientCa is null || (certificate is not null && ChainsToClientCa(certificate)),
    };

    public void Dispose() => _certificate.Dispose();

    private bool ChainsToClientCa(X509Certificate certificate)
    {
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_clientCa!);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }
}
