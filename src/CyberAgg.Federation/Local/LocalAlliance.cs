using System.Collections.Concurrent;
using System.Security.Cryptography;
using CyberAgg.Configuration;
using CyberAgg.Correlator;
using CyberAgg.Correlator.Pipeline;
using CyberAgg.Embedded.Kafka;
using CyberAgg.Events;
using CyberAgg.Events.Alerts;
using CyberAgg.Federation.Matching;
using CyberAgg.Storage.Schema;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Federation.Local;

/// <summary>
/// An alliance on one machine: an ingress Kafka the scenario's agents send to, a router that hands each partner's
/// batches to its node, three or more nodes, one alliance Kafka between them, and optionally central mode on the
/// very same events for comparison.
/// </summary>
/// <remarks>
/// chDB, the embedded ClickHouse engine, keeps one storage per process, so on one machine every node (and central
/// mode) gets its own database in the one embedded ClickHouse; each node has its own embedded Kafka. A real
/// deployment gives each node its own ClickHouse server (docs/sovereign-mode.md).
/// </remarks>
public sealed class LocalAlliance : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly List<Task> tasks = [];
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<string, long> centralRaised = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Node, string Key), long> nodeRaised = new();
    private readonly ConcurrentBag<(string Node, SovereignAlert Alert)> sovereign = [];
    // By alert id, the latest version: central mode fires lower bounds early and may revise an alert under its id.
    private readonly ConcurrentDictionary<string, Alert> central = new(StringComparer.Ordinal);

    private LocalAlliance(EmbeddedKafka ingress, EmbeddedKafka alliance, IReadOnlyList<SovereignNode> nodes, TimeProvider time)
    {
        Ingress = ingress;
        Alliance = alliance;
        Nodes = nodes;
        this.time = time;
    }

    /// <summary>Where the scenario's agents send (topic <c>cyberagg.events.v1</c>).</summary>
    public EmbeddedKafka Ingress { get; }

    /// <summary>The alliance Kafka: only signed, blinded batches cross it.</summary>
    public EmbeddedKafka Alliance { get; }

    public IReadOnlyList<SovereignNode> Nodes { get; }

    public CorrelatorPipeline? CentralPipeline { get; private set; }

    /// <summary>Correlation alerts central mode raised.</summary>
    public IReadOnlyCollection<Alert> CentralAlerts => central.Values.ToList();

    /// <summary>Alerts the nodes' matchers raised, with the node that raised each.</summary>
    public IReadOnlyCollection<(string Node, SovereignAlert Alert)> SovereignAlerts => sovereign;

    /// <summary>Messages published on the alliance by all nodes.</summary>
    public long AllianceMessages => Nodes.Sum(n => n.MessagesSent);

    /// <summary>Bytes published on the alliance by all nodes.</summary>
    public long AllianceBytes => Nodes.Sum(n => n.BytesSent);

    public static async Task<LocalAlliance> StartAsync(LocalAllianceOptions options, ILoggerFactory loggers, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        if (options.Nodes.Count < 2)
        {
            throw new ArgumentException("An alliance needs at least two nodes.", nameof(options));
        }

        var time = timeProvider ?? TimeProvider.System;
        var allianceOptions = new EmbeddedKafkaOptions { Port = 0, DefaultPartitions = 3 };
        allianceOptions.ExtraTopics.Add(FederationOptions.DefaultTopic);
        allianceOptions.ExtraTopics.AddRange(options.Nodes.Select(n => FederationOptions.StrictTopic(n.Node)));
        allianceOptions.ExtraTopics.AddRange(options.Nodes.Select(n => FederationOptions.ExchangeTopic(n.Node)));
        List<string> keyServices = options.Oprf ? [.. options.Nodes.Take(2).Select(n => n.Node)] : [];
        allianceOptions.ExtraTopics.AddRange(keyServices.Select(FederationOptions.OprfTopic));
        allianceOptions.ExtraTopics.AddRange(options.Oprf ? options.Nodes.Select(n => FederationOptions.OprfAnswerTopic(n.Node)) : []);
        var alliance = EmbeddedKafka.Start(allianceOptions);
        var ingress = EmbeddedKafka.Start(new EmbeddedKafkaOptions { Port = 0, DefaultPartitions = 3, EventsPartitions = 6 });
        var secret = RandomNumberGenerator.GetBytes(32);
        var keys = options.Nodes.ToDictionary(n => n.Node, _ => ECDsa.Create(ECCurve.NamedCurves.nistP256), StringComparer.Ordinal);
        var members = options.Nodes.Select(n => new FederationMemberOptions { Node = n.Node, Country = n.Country, PublicKey = "base64:" + Convert.ToBase64String(keys[n.Node].ExportSubjectPublicKeyInfo()) }).ToList();
        var nodes = new List<SovereignNode>();
        foreach (var spec in options.Nodes)
        {
            var own = options.NodeClickHouse is { } start ? await start(spec, cancellationToken) : null;
            var database = own is null ? options.DatabasePrefix + spec.Node.Replace('-', '_') : SchemaMigrations.DefaultDatabase;
            var server = own ?? options.ClickHouse;
            await SchemaMigrator.ApplyAsync(server.ConnectionString("default"), database, cancellationToken);
            var federation = new FederationOptions
            {
                Enabled = true,
                Node = spec.Node,
                Country = spec.Country,
                Partners = [.. spec.Partners],
                Alliance = new KafkaOptions { Bootstrap = alliance.BootstrapServers },
                BlindingSecret = options.Oprf ? "" : "base64:" + Convert.ToBase64String(secret),
                Blinding = options.Oprf ? FederationOptions.OprfBlinding : FederationOptions.HmacBlinding,
                KeyServices = keyServices,
                KeyService = new KeyServiceOptions { Share = keyServices.Contains(spec.Node) ? "base64:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) : "" },
                SigningKey = "base64:" + Convert.ToBase64String(keys[spec.Node].ExportPkcs8PrivateKey()),
                Members = members,
                Epoch = options.Epoch,
                Bucket = options.Bucket,
                NodeIdleTimeout = options.NodeIdleTimeout,
                ReleaseAgreements = [.. options.ReleaseAgreements],
            };
            var correlator = Copy(options.Correlator, "cyberagg-" + spec.Node, scaleOut: true);
            var ingest = new IngestOptions { Trust = options.Ingest.Trust, Keys = options.Ingest.Keys.Where(k => spec.Partners.Contains(k.Partner)).ToList() };
            var kafka = EmbeddedKafka.Start(new EmbeddedKafkaOptions { Port = 0, DefaultPartitions = 3, EventsPartitions = 3 });
            nodes.Add(new SovereignNode(spec, kafka, With(server, database), federation, correlator, options.Rules, ingest, loggers, time));
        }

        foreach (var key in keys.Values)
        {
            key.Dispose();
        }

        var local = new LocalAlliance(ingress, alliance, nodes, time);
        foreach (var node in nodes)
        {
            node.AlertsRaised += local.OnNodeAlerts;
            node.Start();
        }

        if (options.Central)
        {
            var database = options.DatabasePrefix + "central";
            await SchemaMigrator.ApplyAsync(options.ClickHouse.ConnectionString("default"), database, cancellationToken);
            local.CentralPipeline = new CorrelatorPipeline(Copy(options.Correlator, "cyberagg-central", scaleOut: false), new KafkaOptions { Bootstrap = ingress.BootstrapServers }, With(options.ClickHouse, database), options.Rules, options.Ingest, loggers.CreateLogger("CyberAgg.Correlator.central"), time);
            local.CentralPipeline.AlertsCommitted += local.OnCentralAlerts;
            local.tasks.Add(local.CentralPipeline.RunAsync(local.stop.Token));
        }

        var routes = options.Nodes.SelectMany(n => n.Partners.Select(p => (p, nodes.Single(x => x.Spec == n).Kafka.BootstrapServers))).ToDictionary(x => x.p, x => x.BootstrapServers, StringComparer.Ordinal);
        local.tasks.Add(new EventRouter(ingress.BootstrapServers, routes).RunAsync(local.stop.Token));
        return local;
    }

    /// <summary>
    /// Central mode's correlation alerts (but TLP:RED ones) against the nodes': by rule, clear indicator and countries, counting a
    /// sovereign alert at the nodes that saw the indicator themselves (the others see it blinded).
    /// </summary>
    public SovereignComparison Compare()
    {
        static string Key(Alert a) => $"{a.RuleId}|{a.GroupKey}|{string.Join(',', a.Countries)}";
        // TLP:RED evidence never leaves its node, not even blinded: central mode's RED alerts are not expected.
        var expected = central.Values.Where(a => a.Kind != AlertKinds.Detection && a.Tlp != "RED").Select(Key).ToHashSet(StringComparer.Ordinal);
        var clear = sovereign.Where(s => s.Alert.ClearValue).ToList();
        var found = clear.Select(s => Key(s.Alert.Alert)).ToHashSet(StringComparer.Ordinal);
        var added = new List<TimeSpan>();
        foreach (var ((node, key), at) in nodeRaised)
        {
            if (centralRaised.TryGetValue(key, out var centralAt))
            {
                added.Add(at >= centralAt ? time.GetElapsedTime(centralAt, at) : -time.GetElapsedTime(at, centralAt));
            }
        }

        added.Sort();
        TimeSpan? Percentile(double q) => added.Count == 0 ? null : added[Math.Clamp((int)Math.Ceiling(added.Count * q) - 1, 0, added.Count - 1)];
        return new SovereignComparison(
            expected.Order(StringComparer.Ordinal).ToList(),
            found.Order(StringComparer.Ordinal).ToList(),
            expected.Except(found).Order(StringComparer.Ordinal).ToList(),
            found.Except(expected).Order(StringComparer.Ordinal).ToList(),
            AllianceMessages,
            AllianceBytes,
            Percentile(0.99),
            Percentile(0.5),
            added.Count);
    }

    private void OnCentralAlerts(IReadOnlyList<Alert> alerts)
    {
        var now = time.GetTimestamp();
        foreach (var alert in alerts.Where(a => a.Kind != AlertKinds.Detection))
        {
            central.AddOrUpdate(alert.AlertId, alert, (_, stored) => alert.RaisedAt >= stored.RaisedAt ? alert : stored);
            centralRaised.TryAdd($"{alert.RuleId}|{alert.GroupKey}|{string.Join(',', alert.Countries)}", now);
        }
    }

    private void OnNodeAlerts(SovereignNode node, IReadOnlyList<SovereignAlert> alerts)
    {
        var now = time.GetTimestamp();
        foreach (var alert in alerts)
        {
            sovereign.Add((node.Spec.Node, alert));
            if (alert.ClearValue)
            {
                var a = alert.Alert;
                nodeRaised.TryAdd((node.Spec.Node, $"{a.RuleId}|{a.GroupKey}|{string.Join(',', a.Countries)}"), now);
            }
        }
    }

    private static CorrelatorOptions Copy(CorrelatorOptions o, string group, bool scaleOut) => new()
    {
        GroupId = group,
        Rules = o.Rules,
        Lateness = o.Lateness,
        IdleTimeout = o.IdleTimeout,
        MaxClockSkew = o.MaxClockSkew,
        RestoreState = o.RestoreState,
        BatchLinger = o.BatchLinger,
        StoreLinger = o.StoreLinger,
        DetectionAlerts = o.DetectionAlerts,
        ScaleOut = scaleOut,
        IndicatorsTopic = KafkaTopicNames.Indicators,
    };

    private static ClickHouseOptions With(ClickHouseOptions o, string database) => new() { Url = o.Url, Username = o.Username, Password = o.Password, Database = database };

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await Task.WhenAll(tasks);
        }
        catch (OperationCanceledException)
        {
            // Cancellation is how they are asked to stop.
        }

        CentralPipeline?.Dispose();
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }

        await Alliance.DisposeAsync();
        await Ingress.DisposeAsync();
        stop.Dispose();
    }
}
