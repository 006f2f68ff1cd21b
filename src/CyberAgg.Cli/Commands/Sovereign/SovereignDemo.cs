using System.Globalization;
using System.Security.Cryptography;
using CyberAgg.Cli.Commands.Exercise;
using CyberAgg.Configuration;
using CyberAgg.Correlator.Hosting;
using CyberAgg.Correlator;
using CyberAgg.Embedded;
using CyberAgg.Embedded.ClickHouse;
using CyberAgg.Events.Ingest;
using CyberAgg.Federation.Local;
using CyberAgg.Simulation.Playback;
using CyberAgg.Simulation.Scenarios;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Cli.Commands.Sovereign;

/// <summary>
/// <c>cyberagg demo --sovereign</c>: one node per country of the scenario (each its own embedded Kafka, ClickHouse
/// database, correlator, federation publisher and matcher), an alliance Kafka between them, and central mode on the
/// same events; prints detections against central mode, what crossed the alliance, and the added latency.
/// </summary>
internal static class SovereignDemo
{
    public static async Task<int> RunAsync(Scenario scenario, double? speed, double noise, TimeSpan? duration, string folder, bool oprf, TextWriter output, CancellationToken cancellationToken)
    {
        var countries = scenario.Partners.GroupBy(p => p.Country, StringComparer.Ordinal).ToList();
        if (countries.Count < 3)
        {
            await Console.Error.WriteLineAsync($"error: scenario '{scenario.Name}' has partners in {countries.Count} countries; sovereign mode needs three or more (one node per country), e.g. --scenario baltic-campaign.yaml.");
            return 2;
        }

        output.WriteLine($"Starting {countries.Count + 1} embedded ClickHouse servers (one per node, one for central mode) and {countries.Count + 2} embedded Kafka clusters (one per node, the alliance's, the agents' ingress) ...");
        await using var infra = await InfrastructureStarter.StartOrReportAsync(
            new InfrastructureOptions { DataDirectory = Path.Combine(folder, "sovereign"), Kafka = null, ClickHouse = new EmbeddedClickHouseOptions { Port = 0 } },
            Console.Error,
            cancellationToken);
        if (infra is null)
        {
            return 2;
        }

        var played = speed ?? scenario.Speed;
        var keys = ExerciseRunner.RandomKeys(scenario);
        var correlator = new CorrelatorOptions { Rules = [CorrelatorSetup.ShippedRules], Lateness = DemoCommand.LatenessFor(played), EarlyFiringHorizon = DemoCommand.EarlyFiringHorizon, IdleTimeout = DemoCommand.IdleTimeout, RestoreState = false };
        var rules = CorrelatorSetup.LoadRules(correlator, output);
        using var loggers = CorrelatorHost.Loggers(LogLevel.Warning);
        var prefix = "sov_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3)) + "_";
        var nodes = countries.Select(c => new NodeSpec(c.Key.ToLowerInvariant() + "-node", c.Key, c.Select(p => p.Id).ToList())).ToList();

        // Every node's raw events stay in an engine of its own: one ClickHouse process per node, its own port and password.
        var servers = new Dictionary<string, NodeClickHouse>(StringComparer.Ordinal);
        await using var stopServers = new ServerSet(servers);
        try
        {
            var started = await Task.WhenAll(nodes.Select(async n => (n.Node, Server: await NodeClickHouse.StartAsync(n.Node, Path.Combine(folder, "sovereign", n.Node), cancellationToken))));
            foreach (var (node, server) in started)
            {
                servers[node] = server;
            }
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message);
            return 2;
        }

        await using var alliance = await LocalAlliance.StartAsync(
            new LocalAllianceOptions
            {
                Nodes = nodes,
                ClickHouse = new ClickHouseOptions { Url = infra.ClickHouse!.Endpoint.ToString().TrimEnd('/'), Password = infra.ClickHouse.Password },
                DatabasePrefix = prefix,
                Rules = rules,
                Correlator = correlator,
                Ingest = new IngestOptions
                {
                    Trust = IngestTrust.Open,
                    Keys = keys.Values.Select(k => new IngestKeyOptions { Partner = k.Partner, KeyId = k.KeyId, Country = k.Country, Secret = "base64:" + Convert.ToBase64String(k.Secret) }).ToList(),
                },
                NodeClickHouse = (spec, _) => Task.FromResult(servers[spec.Node].Options),
                Oprf = oprf,
                NodeIdleTimeout = TimeSpan.FromSeconds(10),
                // The demo's alliance releases AMBER values of every kind to every member on request (audited).
                ReleaseAgreements = [new CyberAgg.Federation.ReleaseAgreementOptions { Id = "demo-alliance-amber", To = ["*"], Kinds = ["*"], MaxTlp = "AMBER" }],
            },
            loggers,
            cancellationToken: cancellationToken);
        output.WriteLine($"""

            CyberAgg sovereign demo: '{scenario.Name}'
              Nodes        {string.Join(Environment.NewLine + "               ", alliance.Nodes.Select(n => $"{n.Spec.Node} ({string.Join(", ", n.Spec.Partners)}): Kafka {n.Kafka.BootstrapServers}, ClickHouse {servers[n.Spec.Node].Endpoint} (password in {Path.Combine(folder, "sovereign", n.Spec.Node, "clickhouse", "password")})"))}
              Blinding     {(oprf ? $"oblivious PRF: key services {string.Join(" and ", alliance.Nodes.Take(2).Select(n => n.Spec.Node))} each hold a share; no node holds the key" : "HMAC under a per-epoch key every member holds (--oprf: no member holds it)")}
              Alliance     {alliance.Alliance.BootstrapServers}   (try: kcat -b {alliance.Alliance.BootstrapServers} -t cyberagg.alliance.v1 -C)
              Agents send  {alliance.Ingress.BootstrapServers}   (routed to each partner's own node; central mode reads the same events here)
              Central mode ClickHouse {infra.ClickHouse.Endpoint}, database {prefix}central

            """);
        var player = new ScenarioPlayer(scenario, new PlaybackOptions { BootstrapServers = alliance.Ingress.BootstrapServers, Keys = keys, Speed = speed, NoiseScale = noise });
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (duration is { } after)
        {
            limit.CancelAfter(after);
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await player.PlayAsync(new Progress<PlaybackProgress>(p => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  [{clock.Elapsed:mm\\:ss}] scenario {p.ScenarioTime:hh\\:mm\\:ss} of {p.Duration:hh\\:mm\\:ss} | sent {p.EventsSent:N0} | alliance {alliance.AllianceMessages:N0} msgs, {alliance.AllianceBytes:N0} B"))), limit.Token);

        // Central mode and every node decide the scenario's last windows on their own watermarks; wait for both.
        var settle = System.Diagnostics.Stopwatch.StartNew();
        var end = player.EventTimeStart + scenario.Duration - correlator.Lateness;
        while (settle.Elapsed < TimeSpan.FromSeconds(60) && !cancellationToken.IsCancellationRequested
            && (alliance.CentralPipeline!.Watermark < end || alliance.Nodes.Any(n => n.Matcher!.Watermark < end) || alliance.Compare() is { Missed.Count: > 0 } or { Extra.Count: > 0 }))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), CancellationToken.None);
        }

        Print(alliance, player, scenario, output);
        await ExchangeAsync(alliance, output, cancellationToken);
        return 0;
    }

    /// <summary>One analyst's request for a blinded indicator's clear value, as <c>POST /api/federation/exchanges</c> makes it.</summary>
    private static async Task ExchangeAsync(LocalAlliance alliance, TextWriter output, CancellationToken cancellationToken)
    {
        var blinded = alliance.SovereignAlerts.Where(s => !s.Alert.ClearValue).OrderBy(s => s.Alert.Alert.GroupFields.Count).FirstOrDefault();
        var node = blinded.Node is null ? null : alliance.Nodes.Single(n => n.Spec.Node == blinded.Node);
        if (node?.Exchange is not { } exchange || exchange.OwnersIn(blinded.Alert.Alert.Countries.ToList()) is not [var owner, ..])
        {
            output.WriteLine("Clear-value exchange: no blinded alert to ask about.");
            return;
        }

        var asked = System.Diagnostics.Stopwatch.StartNew();
        var request = await exchange.RequestAsync(blinded.Alert.Token, owner, "demo-analyst", blinded.Alert.Alert.AlertId, cancellationToken);
        var answer = await request.Answer.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        var took = asked.Elapsed;
        var decided = answer.Decision == CyberAgg.Federation.Exchange.ExchangeReasons.Released
            ? $"released under agreement {answer.AgreementId} (TLP {answer.Tlp}): {answer.Value!.Replace('\u001f', '/')}"
            : $"{answer.Decision} ({answer.Reason})";
        output.WriteLine($"Clear-value exchange: {node.Spec.Node} asked {owner} about {blinded.Alert.Alert.GroupKey} ({blinded.Alert.Alert.RuleTitle}): {decided} (answered in {took.TotalMilliseconds:F0} ms, both audits written).");
        var ownerServer = alliance.Nodes.Single(n => n.Spec.Node == owner).ClickHouse.Url;
        output.WriteLine($"  audited on both nodes: SELECT role, decision, reason, agreement_id, tlp FROM cyberagg.federation_exchange_audit WHERE request_id = '{request.Id}' (on {node.ClickHouse.Url} and on {ownerServer})");
    }

    private static void Print(LocalAlliance alliance, ScenarioPlayer player, Scenario scenario, TextWriter output)
    {
        var c = alliance.Compare();
        var clearAt = alliance.SovereignAlerts.Where(s => s.Alert.ClearValue).Select(s => s.Node).Distinct().Count();
        output.WriteLine();
        output.WriteLine($"Events: {player.EventsSent:N0} sent by {scenario.Partners.Count} partners, each kept on its own node.");
        output.WriteLine($"Detections: central {c.Central.Count}, sovereign {c.Sovereign.Count} (matched {c.Central.Count - c.Missed.Count}, missed {c.Missed.Count}, extra {c.Extra.Count}); TLP:RED alerts of central mode are not expected, their evidence never leaves its node.");
        foreach (var key in c.Missed)
        {
            output.WriteLine("  missed: " + key.Replace('\u001f', '/'));
        }

        foreach (var key in c.Extra)
        {
            output.WriteLine("  extra:  " + key.Replace('\u001f', '/'));
        }

        output.WriteLine($"Alliance topic: {c.AllianceMessages:N0} messages, {c.AllianceBytes:N0} bytes ({(player.EventsSent == 0 ? 0 : (double)c.AllianceBytes / player.EventsSent):F1} bytes per event sent); nothing else crossed a border.");
        output.WriteLine(c.AddedLatencyP99 is { } p99
            ? $"Added detection latency (a node's alert time less central mode's for the same alert; negative: the node was first), over {c.LatencySamples} node alerts: p50 {c.AddedLatencyP50!.Value.TotalMilliseconds:N0} ms, p99 {p99.TotalMilliseconds:N0} ms."
            : "Added detection latency: no alert to compare.");
        output.WriteLine($"Nodes showing a clear indicator: {clearAt} of {alliance.Nodes.Count}; the others see 'partners in other countries saw the same indicator', when, and how often:");
        foreach (var (node, alert) in alliance.SovereignAlerts.Where(s => !s.Alert.ClearValue).DistinctBy(s => s.Node).Take(3))
        {
            output.WriteLine($"  {node}: {alert.Alert.RuleTitle}: {alert.Summary}");
        }
    }

    /// <summary>Stops the nodes' ClickHouse processes when the demo ends, however it ends.</summary>
    private sealed class ServerSet(Dictionary<string, NodeClickHouse> servers) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Task.WhenAll(servers.Values.Select(s => s.DisposeAsync().AsTask()));
        }
    }
}
