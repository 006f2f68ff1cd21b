using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using CyberAgg.Testing;

namespace CyberAgg.Embedded.Tests.ClickHouse;

/// <summary>The HTTP interface as curl and raw HTTP clients see it, including malformed and hostile requests.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class ClickHouseHttpTests(ClickHouseFixture fixture) : IDisposable
{
    private readonly HttpClient http = fixture.Http();

    [Fact]
    public async Task Curl_SelectVersion_Answers26x()
    {
        var curl = ExternalTool.Require("curl", "curl");

        var result = await ExternalTool.RunAsync(curl, ["-sS", "--fail", "-u", fixture.CurlUser, fixture.Endpoint + "?query=SELECT+version()"]);

        result.ExitCode.ShouldBe(0, result.Error);
        result.Output.ShouldStartWith("26.");
    }

    [Fact]
    public async Task Curl_GzipInsertThenSelectWithParameter_RoundTrips()
    {
        var curl = ExternalTool.Require("curl", "curl");
        var db = await fixture.NewDatabaseAsync();
        (await PostAsync($"?database={db}", "CREATE TABLE c (id UInt32, name String) ENGINE = MergeTree ORDER BY id")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var file = Path.GetTempFileName();
        await using (var gz = new GZipStream(File.Create(file), CompressionLevel.Fastest))
        {
            await gz.WriteAsync(Encoding.UTF8.GetBytes(string.Join("", Enumerable.Range(1, 1000).Select(i => $"{i}\tname-{i}\n"))));
        }

        var insert = await ExternalTool.RunAsync(curl, ["-sS", "--fail", "-u", fixture.CurlUser, "-H", "Content-Encoding: gzip", "--data-binary", "@" + file,
            fixture.Endpoint + $"?database={db}&query=INSERT+INTO+c+FORMAT+TabSeparated"]);
        var select = await ExternalTool.RunAsync(curl, ["-sS", "--fail", "-u", fixture.CurlUser, "--compressed",
            fixture.Endpoint + $"?database={db}&enable_http_compression=1&param_id=777&query=SELECT+name+FROM+c+WHERE+id%3D%7Bid%3AUInt32%7D"]);
        File.Delete(file);

        insert.ExitCode.ShouldBe(0, insert.Error);
        select.ExitCode.ShouldBe(0, select.Error);
        select.Output.ShouldBe("name-777\n");
    }

    [Fact]
    public async Task Curl_WrongPassword_Gets401WithAuthenticationFailed()
    {
        var curl = ExternalTool.Require("curl", "curl");

        var result = await ExternalTool.RunAsync(curl, ["-sS", "-u", "default:wrong", "-w", "\n%{http_code}", fixture.Endpoint + "?query=SELECT+1"]);

        result.Output.ShouldContain("Code: 516");
        result.Output.ShouldEndWith("401");
    }

    [Fact]
    public async Task Ping_Answers_Ok()
    {
        (await http.GetStringAsync("ping")).ShouldBe("Ok.\n");
        (await http.GetStringAsync("")).ShouldBe("Ok.\n");
    }

    [Fact]
    public async Task CorruptGzipBody_Gets400CannotDecompress_AndServerStaysHealthy()
    {
        var content = new ByteArrayContent([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x03, 0x99, 0x98]);
        content.Headers.ContentEncoding.Add("gzip");

        var response = await http.PostAsync("", content);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Headers.GetValues("X-ClickHouse-Exception-Code").ShouldBe(["271"]);
        (await response.Content.ReadAsStringAsync()).ShouldStartWith("Code: 271. DB::Exception: Cannot decompress");
        await AssertHealthyAsync();
    }

    [Fact]
    public async Task TruncatedGzipInsert_IsRejected_AndNothingIsStored()
    {
        var db = await fixture.NewDatabaseAsync();
        await PostAsync($"?database={db}", "CREATE TABLE t (id UInt32) ENGINE = MergeTree ORDER BY id");
        using var buffer = new MemoryStream();
        await using (var gz = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gz.WriteAsync(Encoding.UTF8.GetBytes(string.Join("", Enumerable.Range(0, 50_000).Select(i => $"{i}\n"))));
        }

        var content = new ByteArrayContent(buffer.ToArray()[..(int)(buffer.Length / 2)]);
        content.Headers.ContentEncoding.Add("gzip");

        var response = await http.PostAsync($"?database={db}&query=INSERT+INTO+t+FORMAT+TabSeparated", content);

        response.StatusCode.ShouldNotBe(HttpStatusCode.OK);
        (await QueryAsync($"SELECT count() FROM {db}.t")).ShouldBe("0\n");
        await AssertHealthyAsync();
    }

    [Fact]
    public async Task BodyShorterThanContentLength_ClientHangsUp_ServerStaysHealthy()
    {
        using (var socket = new TcpClient())
        {
            await socket.ConnectAsync(IPAddress.Loopback, fixture.Endpoint.Port);
            var stream = socket.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST /?query=INSERT+INTO+cyberagg.deadletter+FORMAT+RowBinary HTTP/1.1\r\nHost: x\r\nAuthorization: {http.DefaultRequestHeaders.Authorization}\r\nContent-Length: 100000\r\n\r\nonly-a-few-bytes"));
            await stream.FlushAsync();
        }

        await AssertHealthyAsync();
        (await QueryAsync("SELECT count() FROM cyberagg.deadletter WHERE detail = 'only-a-few-bytes'")).ShouldBe("0\n");
    }

    [Fact]
    public async Task UnknownOutputFormat_Gets400UnknownFormat()
    {
        var response = await PostAsync("", "SELECT 1 FORMAT NoSuchFormat");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Code: 73.");
    }

    [Fact]
    public async Task UnknownContentEncoding_Gets400NamingTheEncoding()
    {
        var content = new StringContent("SELECT 1");
        content.Headers.ContentEncoding.Add("snappy-ish");

        var response = await http.PostAsync("", content);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("snappy-ish");
    }

    [Fact]
    public async Task HugeQuery_TwentyMegabytes_GetsSyntaxErrorAndServerStaysHealthy()
    {
        var huge = "SELECT " + string.Join("+", Enumerable.Repeat("1", 10_000_000));

        var response = await PostAsync("", huge);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldStartWith("Code: 62. DB::Exception: Max query size exceeded");
        await AssertHealthyAsync();
    }

    [Fact]
    public async Task BinaryGarbageAsQuery_GetsSyntaxError()
    {
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);

        var response = await http.PostAsync("", new ByteArrayContent(garbage));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldStartWith("Code: 62.");
        await AssertHealthyAsync();
    }

    [Fact]
    public async Task TruncatedRowBinary_IsRejectedWhole()
    {
        var db = await fixture.NewDatabaseAsync();
        await PostAsync($"?database={db}", "CREATE TABLE rb (id UInt64, s String) ENGINE = MergeTree ORDER BY id");
        var row = new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 5, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o' };
        byte[] body = [.. row, .. row[..10]];

        var response = await http.PostAsync($"?database={db}&query=INSERT+INTO+rb+FORMAT+RowBinary", new ByteArrayContent(body));

        response.StatusCode.ShouldNotBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldStartWith("Code: ");
        (await QueryAsync($"SELECT count() FROM {db}.rb")).ShouldBe("0\n");
    }

    [Fact]
    public async Task SessionBreakingSetting_OnlyThatRequestFails_LaterRequestsWork()
    {
        for (var i = 0; i < 4; i++)
        {
            var response = await http.GetAsync("?max_query_size=3&query=SELECT+12345");
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }

        await AssertHealthyAsync();
    }

    [Fact]
    public async Task SettingNameInjection_IsRejected()
    {
        var response = await http.GetAsync("?" + Uri.EscapeDataString("max_threads=1;DROP TABLE cyberagg.events;--") + "=1&query=SELECT+1");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("UNKNOWN_SETTING");
        (await QueryAsync("EXISTS TABLE cyberagg.events")).ShouldBe("1\n");
    }

    [Fact]
    public async Task InlineInsertInBody_LargerThan64KiB_StoresEveryRow()
    {
        var db = await fixture.NewDatabaseAsync();
        await PostAsync($"?database={db}", "CREATE TABLE inl (id UInt32, s String) ENGINE = MergeTree ORDER BY id");
        var rows = string.Join("", Enumerable.Range(0, 20_000).Select(i => $"{i}\tpadding-padding-{i}\n"));

        var response = await PostAsync($"?database={db}", "INSERT INTO inl FORMAT TabSeparated\n" + rows);
        var values = await PostAsync($"?database={db}", "INSERT INTO inl (id, s) VALUES (100000, 'it''s'), (100001, 'b')");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        values.StatusCode.ShouldBe(HttpStatusCode.OK, await values.Content.ReadAsStringAsync());
        (await QueryAsync($"SELECT count(), max(id) FROM {db}.inl")).ShouldBe("20002\t100001\n");
        (await QueryAsync($"SELECT s FROM {db}.inl WHERE id = 100000 FORMAT TSVRaw")).ShouldBe("it's\n");
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string body) =>
        await http.PostAsync(path, new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("text/plain")));

    private async Task<string> QueryAsync(string sql)
    {
        var response = await PostAsync("", sql);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return text;
    }

    private async Task AssertHealthyAsync() => (await QueryAsync("SELECT 1")).ShouldBe("1\n");

    public void Dispose() => http.Dispose();
}
