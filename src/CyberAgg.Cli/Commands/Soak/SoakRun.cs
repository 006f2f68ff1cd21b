using System.Globalization;
using System.Security.Cryptography;
using CyberAgg.Configuration;
using CyberAgg.Embedded;
using CyberAgg.Embedded.ClickHouse;
using CyberAgg.Embedded.Kafka;
using CyberAgg.Events;
using CyberAgg.Events.Ingest;
using CyberAgg.Storage.Schema;

namespace CyberAgg.Cli.Commands.Soak;

/// <summary>
/// The conservation soak: mixed traffic into the embedded Kafka while the correlator (a child process) is killed
/// with SIGKILL and brokers go down and up; then every acknowledged event id must be stored exactly once, every
/// expected cross-border alert be present once, and every poison message be dead-lettered.
/// </summary>
internal sealed class SoakRun(SoakOptions options, TextWriter progress, TimeProvider time)
{
    private const int EventsPartitions = 12;
    private readonly Random faults = new(options.Seed);
    private int kills;
    private int outages;
    private int unexpectedExits;

    /// <summary>Runs the soak; null when the embedded infrastructure could not start (the reason is printed).</summary>
    public async Task<SoakReport?> RunAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.DataDirectory);
        var infraOptions = new InfrastructureOptions
        {
            DataDirectory = options.DataDirectory,
            Kafka = new EmbeddedKafkaOptions { Port = 0, EventsPartitions = EventsPartitions },
            ClickHouse = new EmbeddedClickHouseOptions { Port = 0 },
        };
        await using var infra = await InfrastructureStarter.StartOrReportAsync(infraOptions, progress, cancellationToken);
        if (infra is null)
        {
            return null;
        }

        var kafka = infra.Kafka!;
        var clickHouse = infra.ClickHouse!;
        var partners = Partners();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ClickHouseOptions.PasswordVariable] = clickHouse.Password,
        };
        for (var i = 0; i < partners.Count; i++)
        {
            environment[SecretVariable(i)] = "base64:" + Convert.ToBase64String(partners[i].Secret);
        }

        var config = Path.Combine(options.DataDirectory, "soak-serve.yaml");
        await File.WriteAllTextAsync(config, ServeConfig(kafka.BootstrapServers, clickHouse.Endpoint, partners), cancellationToken);
        using var correlator = new CorrelatorProcess(options.Executable ?? ChildProcess.ThisExecutable(), config, options.DataDirectory, environment);
        using var traffic = new SoakTraffic(kafka.BootstrapServers, KafkaTopicNames.Events, partners, time, options.Seed);
        using var audit = new SoakAudit(clickHouse.ConnectionString(), SchemaMigrations.DefaultDatabase, KafkaTopicNames.Events);

        await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Soak: {options.Duration.TotalSeconds:0} s at {options.Rate:N0} events/s, SIGKILL every ~{options.KillEvery.TotalSeconds:0} s, a broker down for {options.OutageLength.TotalSeconds:0} s every ~{options.OutageEvery.TotalSeconds:0} s, seed {options.Seed}; data in {options.DataDirectory}"));
        correlator.Start();
        var started = time.GetTimestamp();
        await PlayAsync(traffic, correlator, kafka, audit, started, cancellationToken);

        foreach (var broker in kafka.BrokerIds)
        {
            kafka.SetBrokerUp(broker);
        }

        await traffic.FlushAsync();
        var drainStarted = time.GetTimestamp();
        await DrainAsync(traffic, correlator, audit, cancellationToken);
        var drain = time.GetElapsedTime(drainStarted);
        await correlator.StopAsync(TimeSpan.FromSeconds(60));
        var report = await AuditAsync(traffic, audit, drain, cancellationToken);
        if (!report.Passed)
        {
            foreach (var line in correlator.LastLines.TakeLast(15))
            {
                await progress.WriteLineAsync("  correlator: " + line);
            }

            await progress.WriteLineAsync("The correlator's whole output is in " + correlator.LogPath);
        }

        return report;
    }

    private async Task PlayAsync(SoakTraffic traffic, CorrelatorProcess correlator, EmbeddedKafka kafka, SoakAudit audit, long started, CancellationToken cancellationToken)
    {
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(100), time);
        var nextKill = Next(options.KillEvery);
        var nextOutage = Next(options.OutageEvery);
        var lastReport = TimeSpan.Zero;
        (int Broker, TimeSpan Until)? down = null;
        while (await ticks.WaitForNextTickAsync(cancellationToken))
        {
            var elapsed = time.GetElapsedTime(started);
            if (elapsed >= options.Duration)
            {
                return;
            }

            traffic.Tick(options.Rate);
            if (!correlator.Running)
            {
                unexpectedExits++;
                await Say(elapsed, $"the correlator exited by itself (exit code {correlator.ExitCode}); its last lines:");
                foreach (var line in correlator.LastLines.TakeLast(12))
                {
                    await progress.WriteLineAsync("  correlator: " + line);
                }

                correlator.Start();
            }

            if (nextKill is { } k && elapsed >= k)
            {
                await correlator.KillAsync();
                kills++;
                correlator.Start();
                await Say(elapsed, $"SIGKILL the correlator (kill {kills}), started it again");
                nextKill = elapsed + Next(options.KillEvery);
            }

            if (down is { } d && elapsed >= d.Until)
            {
                kafka.SetBrokerUp(d.Broker);
                await Say(elapsed, $"broker {d.Broker} up");
                down = null;
            }
            else if (down is null && nextOutage is { } o && elapsed >= o)
            {
                var broker = kafka.BrokerIds[faults.Next(kafka.BrokerIds.Count)];
                kafka.SetBrokerDown(broker);
                outages++;
                down = (broker, elapsed + options.OutageLength);
                await Say(elapsed, $"broker {broker} down for {options.OutageLength.TotalSeconds:0} s");
                nextOutage = elapsed + Next(options.OutageEvery);
            }

            if (elapsed - lastReport >= TimeSpan.FromSeconds(10))
            {
                lastReport = elapsed;
                var stored = await TryAsync(() => audit.StoredDistinctAsync(traffic.IdPrefix, cancellationToken));
                await Say(elapsed, $"acknowledged {traffic.AckedEventIds.Count:N0}, stored {stored:N0}");
            }
        }
    }

    private async Task DrainAsync(SoakTraffic traffic, CorrelatorProcess correlator, SoakAudit audit, CancellationToken cancellationToken)
    {
        var acked = (ulong)traffic.AckedEventIds.Count;
        var poisons = traffic.Poisons;
        var indicators = traffic.Indicators;
        await progress.WriteLineAsync($"Traffic stopped: {acked:N0} events, {poisons.Count} poison messages and {indicators.Count} cross-border indicators acknowledged; waiting for the correlator to store and decide them ...");
        var deadline = time.GetTimestamp();
        using var ticks = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        while (time.GetElapsedTime(deadline) < options.DrainTimeout && await ticks.WaitForNextTickAsync(cancellationToken))
        {
            if (!correlator.Running)
            {
                unexpectedExits++;
                correlator.Start();
            }

            var stored = await TryAsync(() => audit.StoredDistinctAsync(traffic.IdPrefix, cancellationToken));
            if (stored < acked)
            {
                continue;
            }

            var dead = await audit.DeadLetteredAsync(cancellationToken);
            var alerts = await audit.CrossBorderAlertsAsync(cancellationToken);
            if (poisons.All(p => dead.Contains((p.Partition, p.Offset))) && indicators.All(alerts.ContainsKey))
            {
                return;
            }
        }

        await progress.WriteLineAsync($"The drain timed out after {options.DrainTimeout.TotalSeconds:0} s; auditing what is there.");
    }

    private async Task<SoakReport> AuditAsync(SoakTraffic traffic, SoakAudit audit, TimeSpan drain, CancellationToken cancellationToken)
    {
        var acked = traffic.AckedEventIds;
        var stored = await audit.StoredAsync(traffic.IdPrefix, cancellationToken);
        var lost = acked.Where(id => !stored.ContainsKey(id)).ToList();
        var duplicated = stored.Where(kv => kv.Value > 1).ToList();
        var dead = await audit.DeadLetteredAsync(cancellationToken);
        var poisons = traffic.Poisons;
        var alerts = await audit.CrossBorderAlertsAsync(cancellationToken);
        var expected = traffic.Indicators.ToHashSet(StringComparer.Ordinal);
        var missing = expected.Where(ip => !alerts.ContainsKey(ip)).ToList();
        var examples = lost.Take(3).Select(id => "lost: " + id)
            .Concat(duplicated.Take(3).Select(kv => string.Create(CultureInfo.InvariantCulture, $"stored {kv.Value} times: {kv.Key}")))
            .Concat(await Task.WhenAll(missing.Take(3).Select(async ip => $"no cross-border alert for {ip}: {await audit.SightingsAsync(ip, cancellationToken)}")))
            .Concat(poisons.Where(p => !dead.Contains((p.Partition, p.Offset))).Take(3).Select(p => $"not dead-lettered: {p.What} at partition {p.Partition} offset {p.Offset}"))
            .ToList();
        return new SoakReport
        {
            Duration = options.Duration,
            Rate = options.Rate,
            Seed = options.Seed,
            EventsAcked = acked.Count,
            EventsStored = stored.Count,
            Lost = lost.Count,
            Duplicates = duplicated.Sum(kv => (long)kv.Value - 1),
            Kills = kills,
            Outages = outages,
            UnexpectedExits = unexpectedExits,
            Replays = traffic.Replays,
            PoisonsSent = poisons.Count,
            PoisonsDeadLettered = poisons.Count(p => dead.Contains((p.Partition, p.Offset))),
            IndicatorsExpected = expected.Count,
            AlertsOnce = expected.Count(ip => alerts.TryGetValue(ip, out var n) && n == 1),
            AlertsMissing = missing.Count,
            AlertsDuplicated = expected.Count(ip => alerts.TryGetValue(ip, out var n) && n > 1),
            FalseCrossBorder = alerts.Keys.Count(k => !expected.Contains(k)),
            FailedDeliveries = traffic.FailedDeliveries,
            Drain = drain,
            Examples = examples,
        };
    }

    private static List<SoakPartner> Partners()
    {
        (string Id, string Country)[] ids = [("ee-cert", "EE"), ("lv-cert", "LV"), ("fi-cert", "FI")];
        return ids.Select((p, i) =>
        {
            var secret = RandomNumberGenerator.GetBytes(32);
            var keyId = "soak-" + p.Country.ToLowerInvariant();
            return new SoakPartner(i, p.Id, p.Country, new IngestKey(p.Id, keyId, secret, p.Country), keyId, secret);
        }).ToList();
    }

    private static string SecretVariable(int i) => "CYBERAGG_SOAK_SECRET_" + i.ToString(CultureInfo.InvariantCulture);

    private static string ServeConfig(string bootstrap, Uri clickHouse, IReadOnlyList<SoakPartner> partners)
    {
        var keys = string.Concat(partners.Select((p, i) => $"""

                - partner: {p.Id}
                  key_id: {p.KeyId}
                  country: {p.Country}
                  secret: ${"{"}env:{SecretVariable(i)}{"}"}
            """));
        return $"""
            # Written by cyberagg soak; secrets and the ClickHouse password come from the environment.
            kafka:
              bootstrap: {bootstrap}
              # A killed correlator's partitions come back after this, not after Kafka's default 45 s.
              session_timeout: 6s
            clickhouse:
              url: {clickHouse.ToString().TrimEnd('/')}
              database: {SchemaMigrations.DefaultDatabase}
            ingest:
              trust: open
              keys:{keys}
            correlator:
              lateness: 2s
              # Longer than a broker outage and the client's request timeout after it (socket.timeout.ms, 60 s):
              # a partition whose leader was away is not taken for idle, so its events are not late when it returns.
              idle_timeout: 75s
            telemetry:
              listen: off

            """;
    }

    private TimeSpan? Next(TimeSpan mean) =>
        mean <= TimeSpan.Zero ? null : mean * (0.5 + faults.NextDouble());

    private Task Say(TimeSpan elapsed, string what) =>
        progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"[{elapsed.TotalSeconds,6:0.0} s] {what}"));

    private static async Task<ulong> TryAsync(Func<Task<ulong>> query)
    {
        try
        {
            return await query();
        }
        catch (ClickHouse.Driver.ClickHouseServerException)
        {
            return 0;
        }
    }
}
