using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace CyberAgg.Deploy.Tests.Support;

/// <summary>
/// A deploy/examples file laid out as a deployment would mount it: every <c>${file:}</c> secret, certificate, the
/// sharing.yaml and the rules folder exist under a temporary root, and the example's paths point there.
/// </summary>
public sealed partial class ExampleStage : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("cyberagg-stage").FullName;

    public ExampleStage()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        Certificate = request.CreateSelfSigned(DateTimeOffset.UnixEpoch.AddYears(50), DateTimeOffset.UnixEpoch.AddYears(90));
        CertificatePem = Certificate.ExportCertificatePem();
        KeyPem = key.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>The certificate every TLS file of a staged example holds.</summary>
    public X509Certificate2 Certificate { get; }

    private string CertificatePem { get; }

    private string KeyPem { get; }

    /// <summary>A folder under the stage for a process's own data.</summary>
    public string Folder(string name) => Directory.CreateDirectory(Path.Combine(root, name)).FullName;

    /// <summary>Stages <paramref name="example"/> (a path under deploy/examples) and returns the staged file.</summary>
    public string Stage(string example)
    {
        var text = File.ReadAllText(RepositoryPaths.InDeploy("examples/" + example));
        text = text.Replace("/usr/share/cyberagg/rules", Path.Combine(RepositoryPaths.Root, "rules"), StringComparison.Ordinal);
        text = SharingPath().Replace(text, m => m.Groups["key"].Value + Stage("sharing/sharing.yaml"));
        text = TlsPath().Replace(text, m => m.Groups["key"].Value + Write(m.Groups["path"].Value, m.Groups["key"].Value.Contains("key", StringComparison.Ordinal) ? KeyPem : CertificatePem));
        text = FileReference().Replace(text, m => "${file:" + Write(m.Groups["path"].Value, Secret()) + "}");
        text = CaFile().Replace(text, m => m.Groups["key"].Value + Write(m.Groups["path"].Value, CertificatePem));
        var staged = Path.Combine(root, "staged", example);
        Directory.CreateDirectory(Path.GetDirectoryName(staged)!);
        File.WriteAllText(staged, text);
        return staged;
    }

    /// <summary>Every <c>${env:NAME}</c> a staged file refers to, with a value a deployment would give it.</summary>
    public static Dictionary<string, string> EnvironmentFor(string staged) =>
        EnvReference().Matches(File.ReadAllText(staged)).Select(m => m.Groups["name"].Value).Distinct(StringComparer.Ordinal)
            .ToDictionary(name => name, _ => Secret(), StringComparer.Ordinal);

    // 32 random bytes as base64: long enough for every key the product checks (ingest, pseudonym).
    private static string Secret() => "base64:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private string Write(string absolute, string content)
    {
        var path = Path.Combine(root, "fs", absolute.TrimStart('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content + "\n");
        return path;
    }

    public void Dispose()
    {
        Certificate.Dispose();
        Directory.Delete(root, recursive: true);
    }

    [GeneratedRegex(@"\$\{env:(?<name>[A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex EnvReference();

    [GeneratedRegex(@"\$\{file:(?<path>/[^}]+)\}")]
    private static partial Regex FileReference();

    [GeneratedRegex(@"(?<key>ca_file:\s*)(?<path>/\S+)")]
    private static partial Regex CaFile();

    [GeneratedRegex(@"(?<key>tls_(certificate|key):\s*)(?<path>/\S+)")]
    private static partial Regex TlsPath();

    [GeneratedRegex(@"(?<key>\bsharing:\s*)(?<path>/\S+\.yaml)")]
    private static partial Regex SharingPath();
}
