using System.Security.Cryptography;
using CyberAgg.Deploy.Tests.Support;
using CyberAgg.Testing;

namespace CyberAgg.Deploy.Tests;

public sealed class SecretsScriptTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("cyberagg-secrets").FullName;

    [Fact]
    public async Task GenSecrets_FreshFolder_WritesEveryFileTheComposeFileMounts()
    {
        await RunAsync();

        string[] expected =
        [
            "ca/ca.crt", "kafka-1/kafka-1.p12", "kafka-1/keystore.password", "kafka-1/ca.crt", "kafka-2/kafka-2.p12", "kafka-3/kafka-3.p12",
            "kafka-admin/kafka-admin.p12", "kafka-admin/keystore.password", "kafka-cluster-id", "kafka-users/partners",
            "kafka-users/correlator.password", "kafka-users/api.password", "kafka-users/ee-cert.password", "kafka-users/lv-cert.password",
            "ingest-keys/ee-cert.key", "ingest-keys/lv-cert.key", "clickhouse/ch-s1-r1/server.crt", "clickhouse/ch-s2-r2/server.key",
            "clickhouse/admin.xml", "clickhouse/cluster-secret.xml", "clickhouse/correlator.password", "clickhouse/api.password",
            "clickhouse/grafana.password", "grafana/admin.password",
        ];
        expected.Where(f => !File.Exists(Path.Combine(dir, f))).ShouldBeEmpty();
        (await File.ReadAllTextAsync(Path.Combine(dir, "kafka-users/partners"))).ShouldBe("ee-cert\nlv-cert\n");
        Convert.FromBase64String(await File.ReadAllTextAsync(Path.Combine(dir, "ingest-keys/ee-cert.key"))).Length.ShouldBe(32);
        (await File.ReadAllTextAsync(Path.Combine(dir, "kafka-users/ee-cert.password"))).Length.ShouldBe(32);
    }

    [Fact]
    public async Task GenSecrets_BrokerKeystore_OpensWithItsPasswordAndNamesTheBroker()
    {
        await RunAsync();
        var openssl = ExternalTool.Require("openssl", "openssl");

        var (exitCode, output, error) = await ExternalTool.RunAsync(openssl,
            ["pkcs12", "-in", Path.Combine(dir, "kafka-2/kafka-2.p12"), "-passin", "file:" + Path.Combine(dir, "kafka-2/keystore.password"), "-nokeys", "-clcerts"]);
        exitCode.ShouldBe(0, error);
        var (_, text, _) = await ExternalTool.RunAsync(openssl, ["x509", "-noout", "-subject", "-ext", "subjectAltName"], input: output);

        text.ShouldContain("CN = kafka-2");
        text.ShouldContain("DNS:kafka-2");
        text.ShouldContain("DNS:partners.example.org");
    }

    [Fact]
    public async Task GenSecrets_SecondRun_KeepsEveryExistingSecret()
    {
        await RunAsync();
        var before = Snapshot();

        await RunAsync();

        Snapshot().ShouldBe(before);
    }

    [Fact]
    public async Task GenSecrets_InvalidPartnerId_FailsNamingIt()
    {
        var (exitCode, _, error) = await RunAsync("ee-cert Bad_Id", expectSuccess: false);

        exitCode.ShouldNotBe(0);
        error.ShouldContain("'Bad_Id'");
    }

    [Fact]
    public async Task GitIgnore_SecretsFolder_IsIgnored()
    {
        var git = ExternalTool.Require("git", "git");

        var (exitCode, output, error) = await ExternalTool.RunAsync(git,
            ["-C", RepositoryPaths.Root, "check-ignore", "-q", "--no-index", "deploy/compose/secrets/ca/ca.key"]);

        exitCode.ShouldBe(0, $"deploy/compose/secrets/ must be git-ignored. {output}{error}");
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private Dictionary<string, string> Snapshot() =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(dir, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(string partners = "ee-cert lv-cert", bool expectSuccess = true)
    {
        ExternalTool.Require("openssl", "openssl");
        var bash = ExternalTool.Require("bash", "bash");
        var script = RepositoryPaths.InDeploy("compose/gen-secrets.sh");
        var result = await ExternalTool.RunAsync("/usr/bin/env",
            [$"SECRETS_DIR={dir}", $"CYBERAGG_PARTNERS={partners}", "KAFKA_PUBLIC_HOST=partners.example.org", bash, script],
            timeout: TimeSpan.FromMinutes(3));
        if (expectSuccess)
        {
            result.ExitCode.ShouldBe(0, result.Error);
        }

        return result;
    }
}
