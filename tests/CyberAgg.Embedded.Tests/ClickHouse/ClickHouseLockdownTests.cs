using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CyberAgg.Embedded.ClickHouse;
using CyberAgg.Testing;

namespace CyberAgg.Embedded.Tests.ClickHouse;

/// <summary>The embedded ClickHouse as another user on the host would try it: no password, or a password and file/network access.</summary>
[Collection(InfrastructureCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ClickHouseLockdownTests(ClickHouseFixture fixture) : IDisposable
{
    private static readonly string Canary = "canary-" + Guid.NewGuid().ToString("N");
    private static readonly string CanaryFile = WriteCanary();
    private readonly HttpClient http = fixture.Http();

    public static TheoryData<string> HostileQueries() =>
    [
        $"SELECT * FROM file('{CanaryFile}', 'LineAsString')",
        $"SELECT file('{CanaryFile}')",
        $"SELECT `file`('{CanaryFile}')",
        $"SELECT \"file\"('{CanaryFile}')",
        $"SELECT `fi\\x6ce`('{CanaryFile}')",
        $"SELECT file /* nested /* comment */ still */ ('{CanaryFile}')",
        $"SELECT $$ ' $$, file('{CanaryFile}') -- '",
        $"SELECT * FROM '{CanaryFile}'",
        $"SELECT * FROM `{CanaryFile}`",
        $"SELECT * FROM default.`{CanaryFile}`",
        $"SELECT * FROM url('http://127.0.0.1:1/?query=SELECT+1', 'LineAsString')",
        $"SELECT * FROM remote('127.0.0.1:9000', system.one)",
        $"SELECT * FROM s3('http://127.0.0.1:1/b/k', 'LineAsString')",
        $"CREATE TABLE default.leak_{Guid.NewGuid():N} (line String) ENGINE = File(LineAsString, '{CanaryFile}')",
        $"CREATE TABLE default.leak_{Guid.NewGuid():N} (line String) ENGINE = URL('http://127.0.0.1:1/', LineAsString)",
        $"CREATE DICTIONARY default.leak_{Guid.NewGuid():N} (line String) PRIMARY KEY line SOURCE(FILE(path '{CanaryFile}' format 'LineAsString')) LAYOUT(FLAT()) LIFETIME(0)",
        $"INSERT INTO cyberagg.deadletter (detail) FROM INFILE '{CanaryFile}' FORMAT LineAsString",
        $"SELECT 1 INTO OUTFILE '{CanaryFile}.out'",
        $"ATTACH TABLE default.leak_{Guid.NewGuid():N} FROM '{Path.GetDirectoryName(CanaryFile)}' (line String) ENGINE = MergeTree ORDER BY line",
        $"SELECT 1 FORMAT Template SETTINGS format_template_row = '{CanaryFile}'",
        $"SET format_template_resultset = '{CanaryFile}'",
        "SYSTEM SHUTDOWN",
        $"INSERT INTO FUNCTION file('{CanaryFile}.out', 'LineAsString') SELECT 'x'",
        "SELECT * FROM mysql('127.0.0.1:3306', 'db', 't', 'u', 'p')",
        $"SELECT * FROM executable('cat {CanaryFile}', 'LineAsString', 'line String')",
        $"CREATE DATABASE leak_{Guid.NewGuid():N} ENGINE = Filesystem('{Path.GetDirectoryName(CanaryFile)}')",
        $"BACKUP TABLE cyberagg.events TO File('{CanaryFile}.bak')",
    ];

    [Fact]
    public async Task Query_WithoutPassword_Gets401()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Endpoint };

        var response = await anonymous.GetAsync("?query=SELECT+1");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).ShouldContain("AUTHENTICATION_FAILED");
    }

    [Fact]
    public async Task Query_WithPasswordInHeaders_Answers()
    {
        using var client = new HttpClient { BaseAddress = fixture.Endpoint };
        client.DefaultRequestHeaders.Add("X-ClickHouse-User", fixture.Server.User);
        client.DefaultRequestHeaders.Add("X-ClickHouse-Key", fixture.Password);

        (await client.GetStringAsync("?query=SELECT+1")).ShouldBe("1\n");
    }

    [Fact]
    public void PasswordFile_GeneratedAtStart_IsOwnerOnlyAndHoldsThePassword()
    {
        var file = fixture.Server.PasswordFile.ShouldNotBeNull();

        File.GetUnixFileMode(file).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.ReadAllText(file).Trim().ShouldBe(fixture.Password);
        fixture.Password.Length.ShouldBeGreaterThanOrEqualTo(32);
    }

    [Theory]
    [MemberData(nameof(HostileQueries))]
    public async Task HostileQuery_ReachingFilesOrNetwork_IsRefused(string sql)
    {
        var response = await http.PostAsync("", new StringContent(sql, Encoding.UTF8, new MediaTypeHeaderValue("text/plain")));
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldNotBe(HttpStatusCode.OK, text);
        text.ShouldNotContain(Canary);
        File.Exists(CanaryFile + ".out").ShouldBeFalse();
        File.Exists(CanaryFile + ".bak").ShouldBeFalse();
        (await http.GetStringAsync("?query=SELECT+1")).ShouldBe("1\n");
    }

    [Theory]
    [InlineData("format_template_row")]
    [InlineData("format_schema")]
    public async Task FileNamingSetting_InUrl_IsRefusedWith403(string setting)
    {
        var response = await http.GetAsync($"?{setting}={Uri.EscapeDataString(CanaryFile)}&query=SELECT+1+FORMAT+Template");

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).ShouldContain("ACCESS_DENIED");
    }

    [Fact]
    public async Task SpooledInsert_StillReadsItsOwnDataFile()
    {
        var db = await fixture.NewDatabaseAsync();
        await http.PostAsync($"?database={db}", new StringContent("CREATE TABLE t (id UInt32) ENGINE = MergeTree ORDER BY id"));

        var insert = await http.PostAsync($"?database={db}&query=INSERT+INTO+t+FORMAT+TabSeparated", new StringContent("1\n2\n3\n"));

        insert.StatusCode.ShouldBe(HttpStatusCode.OK, await insert.Content.ReadAsStringAsync());
        (await http.GetStringAsync($"?query=SELECT+count()+FROM+{db}.t")).ShouldBe("3\n");
    }

    [Fact]
    public void Resolve_EnvironmentVariableSet_OverridesTheFile()
    {
        var folder = Directory.CreateTempSubdirectory("cyberagg-pw-").FullName;
        var (password, file) = ClickHousePassword.Resolve(folder, null, name => name == EmbeddedClickHouseOptions.PasswordVariable ? "from-env" : null);

        password.ShouldBe("from-env");
        file.ShouldBeNull();
        File.Exists(Path.Combine(folder, EmbeddedClickHouseOptions.PasswordFileName)).ShouldBeFalse();
    }

    [Fact]
    public void Resolve_SecondStart_ReusesTheGeneratedPassword()
    {
        var folder = Directory.CreateTempSubdirectory("cyberagg-pw-").FullName;

        var first = ClickHousePassword.Resolve(folder, null, _ => null);
        var second = ClickHousePassword.Resolve(folder, null, _ => null);

        second.ShouldBe(first);
        File.GetUnixFileMode(first.File!).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public void Resolve_FileReadableByOthers_RefusesToStartNamingTheFix()
    {
        var folder = Directory.CreateTempSubdirectory("cyberagg-pw-").FullName;
        var file = Path.Combine(folder, EmbeddedClickHouseOptions.PasswordFileName);
        File.WriteAllText(file, "leaked");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        Should.Throw<InvalidOperationException>(() => ClickHousePassword.Resolve(folder, null, _ => null)).Message.ShouldContain("chmod 600");
    }

    private static string WriteCanary()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("cyberagg-canary-").FullName, "secret.txt");
        File.WriteAllText(file, Canary + "\n");
        return file;
    }

    public void Dispose() => http.Dispose();
}
