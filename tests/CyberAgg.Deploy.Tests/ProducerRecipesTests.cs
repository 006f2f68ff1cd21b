using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using CyberAgg.Deploy.Tests.Support;
using CyberAgg.Testing;

namespace CyberAgg.Deploy.Tests;

/// <summary>
/// The syslog-ng recipe of docs/producers.md, as shipped in deploy/producers, feeds the correlator: two sensors in two
/// countries flag one source address, the events are stored and the cross-border alert is raised.
/// </summary>
[Collection(DeployCollection.Name)]
public sealed partial class ProducerRecipesTests(ClickHouseFixture clickHouse) : IClassFixture<KafkaFixture>, IDisposable
{
    private readonly ExampleStage stage = new();
    private readonly List<Process> processes = [];
    private KafkaFixture? kafka;

    [Fact]
    public async Task SyslogNg_TwoCountriesFlagOneAddress_EventsStoredAndCrossBorderAlertRaised()
    {
        var syslogNg = ExternalTool.Require("syslog-ng", "syslog-ng-core and syslog-ng-mod-rdkafka");

        await FeedTwoCountriesAsync("198.51.100.", (partner, country) => StartSyslogNg(syslogNg, partner, country));
    }

    [Fact]
    public async Task Rsyslog_TwoCountriesFlagOneAddress_EventsStoredAndCrossBorderAlertRaised()
    {
        // rsyslog conflicts with syslog-ng as a Debian package: test.sh unpacks it (apt-get download, dpkg -x) instead.
        var root = Environment.GetEnvironmentVariable("CYBERAGG_RSYSLOG_ROOT") is { Length: > 0 } configured ? configured : Path.Combine(RepositoryPaths.Root, ".cyberagg", "tools", "rsyslog");
        var rsyslogd = Path.Combine(root, "usr", "sbin", "rsyslogd");
        File.Exists(rsyslogd).ShouldBeTrue($"this test needs rsyslog and rsyslog-kafka unpacked under {root}; ./test.sh unpacks them (apt-get download rsyslog rsyslog-kafka libestr0 libfastjson4, then dpkg -x)");

        await FeedTwoCountriesAsync("203.0.113.", (partner, country) => StartRsyslog(root, partner, country));
    }

    /// <summary>Two sensors, EE and LV, each write one Suricata alert about the same address and one flow record.</summary>
    private async Task FeedTwoCountriesAsync(string network, Func<string, string, string> startSensor)
    {
        var address = network + Random.Shared.Next(1, 254).ToString(CultureInfo.InvariantCulture);
        StartServe();
        var sensors = new[] { ("ee-cert", "EE"), ("lv-cert", "LV") }.Select(p => startSensor(p.Item1, p.Item2)).ToList();

        // Suricata's own timestamp form: microseconds and a +0000 offset.
        var now = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+0000'", CultureInfo.InvariantCulture);
        foreach (var eve in sensors)
        {
            await File.AppendAllTextAsync(eve, $$$"""{"timestamp":"{{{now}}}","event_type":"alert","src_ip":"{{{address}}}","dest_ip":"10.0.0.5","proto":"TCP","alert":{"signature":"ET SCAN test","severity":2}}""" + "\n");
            await File.AppendAllTextAsync(eve, """{"timestamp":"2026-01-01T00:00:00.000000+0000","event_type":"flow","src_ip":"10.0.0.9"}""" + "\n");
        }

        await Eventually.WaitAsync(async () => await CountAsync($"SELECT count() FROM cyberagg.events WHERE source_ip = '{address}'") == 2, "both sensors' alerts are stored", TimeSpan.FromSeconds(90));
        await Eventually.WaitAsync(async () => await CountAsync($"SELECT count() FROM cyberagg.alerts WHERE position(group_key, '{address}') > 0 AND has(countries, 'EE') AND has(countries, 'LV')") >= 1, "the cross-border alert is raised", TimeSpan.FromSeconds(60));
        (await CountAsync($"SELECT count() FROM cyberagg.events WHERE source_ip = '{address}' AND severity = 6 AND partner IN ('ee-cert', 'lv-cert')")).ShouldBe(2, "event.severity = 10 - 2 x Suricata severity");
    }

    /// <summary>Runs the shipped rsyslog recipe from the unpacked packages, with this sensor's identity and the embedded Kafka.</summary>
    private string StartRsyslog(string root, string partner, string country)
    {
        var dir = stage.Folder("rsyslog-" + partner);
        var eve = Path.Combine(dir, "eve.json");
        File.WriteAllText(eve, "");
        var config = File.ReadAllText(RepositoryPaths.InDeploy("producers/rsyslog-cyberagg.conf"))
            .Replace("/var/log/suricata/eve.json", eve, StringComparison.Ordinal)
            .Replace("kafka-1:9095", Kafka.BootstrapServers, StringComparison.Ordinal)
            .Replace("value=\"ee-cert\"", $"value=\"{partner}\"", StringComparison.Ordinal)
            .Replace("value=\"EE\"", $"value=\"{country}\"", StringComparison.Ordinal);
        config = RsyslogSecurity().Replace(config, "]");
        var file = Path.Combine(dir, "rsyslog.conf");
        File.WriteAllText(file, $"global(workDirectory=\"{dir}\")\n" + config);
        var libraries = Path.Combine(root, "usr", "lib", "x86_64-linux-gnu");
        var start = new ProcessStartInfo(Path.Combine(root, "usr", "sbin", "rsyslogd")) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["LD_LIBRARY_PATH"] = libraries;
        foreach (var argument in new[] { "-n", "-f", file, "-M", Path.Combine(libraries, "rsyslog"), "-i", Path.Combine(dir, "pid") })
        {
            start.ArgumentList.Add(argument);
        }

        Track(Process.Start(start)!);
        return eve;
    }

    private KafkaFixture Kafka => kafka ??= Start();

    private static KafkaFixture Start()
    {
        var fixture = new KafkaFixture();
        fixture.InitializeAsync().GetAwaiter().GetResult();
        return fixture;
    }

    private void StartServe()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            Path.Combine(Output("CyberAgg.Cli"), "cyberagg.dll"), "serve",
            "--set", "kafka.bootstrap=" + Kafka.BootstrapServers,
            "--set", "clickhouse.url=" + clickHouse.Endpoint.ToString().TrimEnd('/'),
            "--set", "ingest.trust=open",
            "--set", "telemetry.listen=off",
            "--set", "correlator.group_id=producers-" + Guid.NewGuid().ToString("N"),
            "--set", "correlator.idle_timeout=1s",
        })
        {
            start.ArgumentList.Add(argument);
        }

        // The embedded ClickHouse requires its generated password; an operator passes it in the environment.
        start.Environment["CYBERAGG_CLICKHOUSE__PASSWORD"] = clickHouse.Password;
        Track(Process.Start(start)!);
    }

    /// <summary>Runs the shipped recipe with this sensor's identity, the embedded Kafka and a file of its own.</summary>
    private string StartSyslogNg(string syslogNg, string partner, string country)
    {
        var dir = stage.Folder("syslog-ng-" + partner);
        var eve = Path.Combine(dir, "eve.json");
        File.WriteAllText(eve, "");
        var config = File.ReadAllText(RepositoryPaths.InDeploy("producers/syslog-ng-cyberagg.conf"))
            .Replace("/var/log/suricata/eve.json", eve, StringComparison.Ordinal)
            .Replace("kafka-1:9095", Kafka.BootstrapServers, StringComparison.Ordinal)
            .Replace("observer.partner=ee-cert", "observer.partner=" + partner, StringComparison.Ordinal)
            .Replace("observer.country=EE", "observer.country=" + country, StringComparison.Ordinal);
        // The embedded Kafka has neither TLS nor SASL: only the connection settings change.
        config = SecurityLine().Replace(config, "");
        var file = Path.Combine(dir, "syslog-ng.conf");
        File.WriteAllText(file, config);
        var start = new ProcessStartInfo(syslogNg) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-F", "--no-caps", "-f", file, "-R", Path.Combine(dir, "persist"), "-p", Path.Combine(dir, "pid"), "-c", Path.Combine(dir, "ctl") })
        {
            start.ArgumentList.Add(argument);
        }

        Track(Process.Start(start)!);
        return eve;
    }

    private void Track(Process process)
    {
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        processes.Add(process);
    }

    private async Task<long> CountAsync(string sql)
    {
        using var connection = await clickHouse.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static string Output(string project)
    {
        var testDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return Path.Combine(RepositoryPaths.Root, "src", project, "bin", testDir.Parent!.Name, testDir.Name);
    }

    public void Dispose()
    {
        foreach (var process in processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }

            process.Dispose();
        }

        stage.Dispose();
        kafka?.DisposeAsync().GetAwaiter().GetResult();
    }

    // The embedded Kafka has neither TLS nor SASL: the confParam list keeps compression only.
    [GeneratedRegex(@", ""security\.protocol=[^]]*""\]")]
    private static partial Regex RsyslogSecurityPattern();

    private static Regex RsyslogSecurity() => RsyslogSecurityPattern();

    [GeneratedRegex(@"^\s*""(security\.protocol|sasl\.[a-z]+|ssl\.ca\.location)"" => ""[^""]*""\r?\n", RegexOptions.Multiline)]
    private static partial Regex SecurityLine();
}
