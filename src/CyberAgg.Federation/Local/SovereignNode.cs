using CyberAgg.Configuration;
using CyberAgg.Correlator;
using CyberAgg.Correlator.Pipeline;
using CyberAgg.Embedded.Kafka;
using CyberAgg.Federation.Exchange;
using CyberAgg.Federation.Matching;
using CyberAgg.Federation.Publishing;
using CyberAgg.Rules.Loading;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Federation.Local;

/// <summary>
/// One node of a local alliance: its own embedded Kafka and ClickHouse database, the correlator in scale-out mode
/// (so observations are re-keyed onto its local indicators topic), the federation publisher and the matcher.
/// The processes can be stopped and started again over the same Kafka and ClickHouse, as a restarted node would.
/// </summary>
public sealed class SovereignNode : IAsyncDisposable
{
    private readonly RuleSet rules;
    private readonly CorrelatorOptions correlator;
    private readonly IngestOptions ingest;
    private readonly ILoggerFactory loggers;
    private readonly TimeProvider time;
    private CancellationTokenSource? running;
    private List<Task> tasks = [];
    private long messagesBefore;
    private long bytesBefore;

    internal SovereignNode(NodeSpec spec, EmbeddedKafka kafka, ClickHouseOptions clickHouse, FederationOptions federation, CorrelatorOptions correlator, RuleSet rules, IngestOptions ingest, ILoggerFactory loggers, TimeProvider time)
    {
        Spec = spec;
        Kafka = kafka;
        ClickHouse = clickHouse;
        Federation = federation;
        this.correlator = correlator;
        this.rules = rules;
        this.ingest = ingest;
        this.loggers = loggers;
        this.time = time;
    }

    public NodeSpec Spec { get; }

    public EmbeddedKafka Kafka { get; }

    public ClickHouseOptions ClickHouse { get; }

    public FederationOptions Federation { get; }

    public CorrelatorPipeline? Pipeline { get; private set; }

    public FederationPublisher? Publisher { get; private set; }

    public FederationMatcher? Matcher { get; private set; }

    /// <summary>The node's clear-value exchange: asks other nodes, and answers them by its release agreements.</summary>
    public ClearValueExchange? Exchange { get; private set; }

    /// <summary>Raised with every alert the node's matcher stores.</summary>
    public event Action<SovereignNode, IReadOnlyList<SovereignAlert>>? AlertsRaised;

    /// <summary>Messages this node published on the alliance, over all its runs.</summary>
    public long MessagesSent => messagesBefore + (Publisher?.MessagesSent ?? 0);

    /// <summary>Bytes this node published on the alliance, over all its runs.</summary>
    public long BytesSent => bytesBefore + (Publisher?.BytesSent ?? 0);

    public bool IsRunning => running is not null;

    /// <summary>Starts the correlator, publisher, matcher and exchange; a fresh start knows nothing but what Kafka and ClickHouse keep.</summary>
    public void Start()
    {
        if (running is not null)
        {
            return;
        }

        running = new CancellationTokenSource();
        var indicators = new LocalIndicators();
        Pipeline = new CorrelatorPipeline(correlator, new KafkaOptions { Bootstrap = Kafka.BootstrapServers }, ClickHouse, rules, ingest, loggers.CreateLogger("CyberAgg.Correlator." + Spec.Node), time);
        Publisher = new FederationPublisher(Federation, new KafkaOptions { Bootstrap = Kafka.BootstrapServers }, correlator.IndicatorsTopic, correlator.IdleTimeout, rules, indicators, loggers.CreateLogger("CyberAgg.Federation." + Spec.Node), time);
        Matcher = new FederationMatcher(Federation, rules, correlator.Lateness, indicators, ClickHouse, loggers.CreateLogger("CyberAgg.Federation." + Spec.Node), time);
        Matcher.AlertsRaised += alerts => AlertsRaised?.Invoke(this, alerts);
        Exchange = new ClearValueExchange(Federation, indicators, ClickHouse, loggers.CreateLogger("CyberAgg.Federation.Exchange." + Spec.Node), time);
        tasks = [Pipeline.RunAsync(running.Token), Publisher.RunAsync(running.Token), Matcher.RunAsync(running.Token), Exchange.RunAsync(running.Token)];
    }

    /// <summary>Stops the processes (each finishes and commits what it holds); Kafka and ClickHouse stay up.</summary>
    public async Task StopAsync()
    {
        if (running is null)
        {
            return;
        }

        await running.CancelAsync();
        try
        {
            await Task.WhenAll(tasks);
        }
        catch (OperationCanceledException)
        {
            // Cancellation is how they are asked to stop.
        }

        messagesBefore += Publisher?.MessagesSent ?? 0;
        bytesBefore += Publisher?.BytesSent ?? 0;
        Pipeline?.Dispose();
        Publisher?.Dispose();
        Matcher?.Dispose();
        Exchange?.Dispose();
        Pipeline = null;
        Exchange = null;
        Publisher = null;
        Matcher = null;
        running.Dispose();
        running = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await Kafka.DisposeAsync();
    }
}
