using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CyberAgg.Agent.Tests.Support;

/// <summary>A throwaway CA, a server certificate for 127.0.0.1 and client certificates, generated per test and written as PEM.</summary>
internal sealed class TestCertificates : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly RSA _caKey = RSA.Create(2048);

    public TestCertificates()
    {
        var request = new CertificateRequest("CN=CyberAgg test CA", _caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Ca = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(30));
        CaFile = Write("ca.pem", Ca.ExportCertificatePem());
        (ServerCertificateFile, ServerKeyFile, _) = Issue("server", "CN=127.0.0.1", server: true);
    }

    public X509Certificate2 Ca { get; }

    public string CaFile { get; }

    public string ServerCertificateFile { get; }

    public string ServerKeyFile { get; }

    /// <summary>A client certificate issued by this CA, or by a stranger's CA when <paramref name="trusted"/> is false.</summary>
    public X509Certificate2 Client(bool trusted = true)
    {
        if (trusted)
        {
            return Issue("client-" + Guid.NewGuid().ToString("N"), "CN=sensor-1", server: false).Certificate;
        }

        using var strangerKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=stranger", strangerKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var selfSigned = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(30));
        return X509CertificateLoader.LoadPkcs12(selfSigned.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose()
    {
        Ca.Dispose();
        _caKey.Dispose();
        _dir.Dispose();
    }

    private (string CertificateFile, string KeyFile, X509Certificate2 Certificate) Issue(string name, string subject, bool server)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(System.Net.IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(8);
        using var issued = request.Create(Ca, TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(10), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        var certificateFile = Write(name + ".pem", withKey.ExportCertificatePem());
        var keyFile = Write(name + ".key", key.ExportPkcs8PrivateKeyPem());

        // PKCS#12 round trip: SslStream on Linux wants a certificate whose key is not ephemeral.
        return (certificateFile, keyFile, X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null));
    }

    private string Write(string name, string pem)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, pem);
        return path;
    }
}
