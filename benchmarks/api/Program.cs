using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using CyberAgg.Api.Hosting;
using CyberAgg.Configuration;
using CyberAgg.Embedded.ClickHouse;
using CyberAgg.Embedded.Kafka;
using CyberAgg.Events.Alerts;
using CyberAgg.Sharing.Configuration;
using CyberAgg.Sharing.Policy;
using CyberAgg.Storage.Tables;
using CyberAgg.Storage.Schema;
using CyberAgg.Storage.Writers;
using Microsoft.Extensions.Logging;

// Usage: dotnet run -c Release --project benchmarks/api -- [alerts=100000] [requests=2000]
var alertCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var requests = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2_000;
var data = Path.Combine(Path.GetTempPath(), "cyberagg-apibench-" + Guid.NewGuid().ToString("N"));
await using var clickHouse = await EmbeddedClickHouse.StartAsync(new EmbeddedClickHouseOptions { Port = 0, DataPath = data }, Console.Error);
await using var kafka = EmbeddedKafka.Start(new EmbeddedKafkaOptions { Port = 0 });
// The embedded Kafka creates DESIGN §5 topics (cyberagg.alerts.v1 included) itself.
await SchemaMigrator.ApplyAsync(clickHouse.ConnectionString());

string[] partners = ["ee-cert", "lv-cert", "lt-cert", "fi-cert", "pl-cert"];
string[] levels = ["informational", "low", "medium", "high", "critical"];
string[] tlps = ["CLEAR", "GREEN", "AMBER", "AMBER", "AMBER", "AMBER+STRICT", "RED"];
string[] kinds = [AlertKinds.CrossBorder, AlertKinds.Correlation, AlertKinds.Detection];
var tokens = partners.ToDictionary(p => p, p => "cyb_bench_" + p + "_0123456789abcdefghijklmnop");
const string AdminToken = "cyb_bench_admin_0123456789abcdefghijklmnop";
var yaml = "partners:\n" + string.Concat(partners.Select(p => $"  - id: {p}\n    country: {p[..2].ToUpperInvariant()}\n    display_name: {p}\n    credential: {CredentialHash.Compute(tokens[p])}\n"))
    + $"operators:\n  - id: ops\n    display_name: ops\n    credential: {CredentialHash.Compute(AdminToken)}\n"
    + "keys:\n  - id: k1\n    secret: ${env:BENCH_KEY}\n"
    + "agreements:\n  - id: all-to-all\n    from: \"*\"\n    to: \"*\"\n    alert_kinds: [cross-border, correlation]\n    max_tlp: AMBER\n    key_id: k1\n";
var policy = new SharingPolicy(SharingConfigLoader.Parse(yaml, new Dictionary<string, string> { ["BENCH_KEY"] = "bench-key-0123456789abcdef0123456789" }));

var now = TimeProvider.System.GetUtcNow();
var random = new Random(42);
var rows = new List<object[]>(alertCount);
for (var i = 0; i < alertCount; i++)
{
    var raised = now.AddSeconds(-random.Next(30 * 24 * 3600));
    var owners = partners.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).Order(StringComparer.Ordinal).ToArray();
    var ip = $"203.0.{random.Next(256)}.{random.Next(256)}";
    var alert = new Alert
    {
        AlertId = $"bench-{i:D7}", RuleId = $"rule-{i % 40}", RuleTitle = $"Benchmark rule {i % 40}", Level = levels[random.Next(levels.Length)],
        Kind = owners.Length > 1 ? AlertKinds.CrossBorder : kinds[random.Next(1, 3)], RaisedAt = raised, FirstSeen = raised.AddMinutes(-10), LastSeen = raised,
        GroupKey = ip, GroupFields = new Dictionary<string, string> { ["source.ip"] = ip }, Countries = owners.Select(o => o[..2].ToUpperInvariant()).ToArray(),
        Partners = owners, EventCount = random.Next(1, 50), EvidenceEventIds = [$"ev-{i}"], Tlp = tlps[random.Next(tlps.Length)],
    };
    rows.Add(AlertsTable.ToRow(new StoredAlert(alert, "", raised)));
}

var load = Stopwatch.StartNew();
using (var writer = new ClickHouseWriter(clickHouse.ConnectionString("cyberagg")))
{
    await writer.InsertAsync("cyberagg.alerts", AlertsTable.Columns, rows, "bench-alerts", CancellationToken.None);
}

Console.WriteLine($"stored {alertCount:N0} alerts in {load.Elapsed.TotalSeconds:F1} s");
var options = new ApiOptions
{
    Listen = "127.0.0.1:0",
    ClickHouse = new ClickHouseOptions { Url = clickHouse.Endpoint.ToString().TrimEnd('/'), Database = "cyberagg", Password = clickHouse.Password },
    Kafka = new KafkaOptions { Bootstrap = kafka.BootstrapServers },
};
await using var app = ApiHost.Build(options, policy, TimeProvider.System, l => l.SetMinimumLevel(LogLevel.Warning));
await app.StartAsync();
using var http = new HttpClient { BaseAddress = app.BoundAddress() };

(string Name, string Token, string Query)[] scenarios =
[
    ("partner, first page (50)", tokens["lv-cert"], "/api/alerts"),
    ("partner, level=high,critical", tokens["lv-cert"], "/api/alerts?level=high,critical"),
    ("partner, country + last 24 h", tokens["ee-cert"], $"/api/alerts?country=LV&from={now.AddDays(-1):yyyy-MM-ddTHH:mm:ssZ}"),
    ("partner, text search", tokens["fi-cert"], "/api/alerts?q=rule%207"),
    ("operator, first page (50)", AdminToken, "/api/alerts"),
    ("operator, page 2 via cursor", AdminToken, "cursor"),
];

Console.WriteLine();
Console.WriteLine("| scenario | requests | p50 ms | p95 ms | p99 ms | max ms |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|");
foreach (var (name, token, query) in scenarios)
{
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    var path = query;
    if (query == "cursor")
    {
        var first = await http.GetStringAsync("/api/alerts");
        var cursor = System.Text.Json.JsonDocument.Parse(first).RootElement.GetProperty("next_cursor").GetString();
        path = "/api/alerts?cursor=" + cursor;
    }

    for (var i = 0; i < 50; i++)
    {
        (await http.GetAsync(path)).EnsureSuccessStatusCode();
    }

    var samples = new double[requests / scenarios.Length];
    for (var i = 0; i < samples.Length; i++)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync(path);
        _ = await response.Content.ReadAsByteArrayAsync();
        response.EnsureSuccessStatusCode();
        samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    Array.Sort(samples);
    double P(double q) => samples[Math.Min(samples.Length - 1, (int)Math.Ceiling(q * samples.Length) - 1)];
    Console.WriteLine($"| {name} | {samples.Length} | {P(0.50):F1} | {P(0.95):F1} | {P(0.99):F1} | {samples[^1]:F1} |");
}

await app.StopAsync();
Directory.Delete(data, recursive: true);
