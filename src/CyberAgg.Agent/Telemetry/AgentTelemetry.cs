using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace CyberAgg.Agent.Telemetry;

/// <summary>The agent's one long-lived Meter and ActivitySource (<c>CyberAgg.Agent</c>) and its instruments.</summary>
internal sealed class AgentTelemetry : IDisposable
{
    public const string Name = "CyberAgg.Agent";

    public static readonly string Version =
        typeof(AgentTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static readonly ActivitySource ActivitySource = new(Name, Version);

    private readonly Meter _meter;
    private long _spoolBytes;
    private long _spoolBatches;

    public AgentTelemetry(IMeterFactory? factory = null)
    {
        _meter = factory?.Create(Name, Version) ?? new Meter(Name, Version);
        EventsReceived = _meter.CreateCounter<long>("cyberagg.agent.events.received", "{event}", "Records read from inputs.");
        EventsSent = _meter.CreateCounter<long>("cyberagg.agent.events.sent", "{event}", "Events acknowledged by Kafka.");
        EventsDropped = _meter.CreateCounter<long>("cyberagg.agent.events.dropped", "{event}", "Events deliberately discarded (spool full with drop_oldest, UDP overflow).");
        DeadLetters = _meter.CreateCounter<long>("cyberagg.agent.deadletters", "{record}", "Records refused as bad input and sent to the dead-letter topic.");
        ReceiveTimeStamped = _meter.CreateCounter<long>("cyberagg.agent.events.receive_time", "{event}", "Events whose own time could not be read: @timestamp is the receive time (marked cyberagg.timestamp_source=receive_time), by input.");
        ConnectionsRefused = _meter.CreateCounter<long>("cyberagg.agent.connections.refused", "{connection}", "Syslog connections (TCP) or datagrams (UDP) refused, by input and reason.");
        Errors = _meter.CreateCounter<long>("cyberagg.agent.errors", "{error}", "Errors by error.type and stage.");
        BatchesSpooled = _meter.CreateCounter<long>("cyberagg.agent.spool.batches.written", "{batch}", "Batches written to the spool.");
        DeliveryLatency = _meter.CreateHistogram<double>("cyberagg.agent.delivery.latency", "s", "From batch cut to Kafka acknowledgement.");
        _meter.CreateObservableGauge("cyberagg.agent.spool.bytes", () => Interlocked.Read(ref _spoolBytes), "By", "Bytes waiting in the spool.");
        _meter.CreateObservableGauge("cyberagg.agent.spool.batches", () => Interlocked.Read(ref _spoolBatches), "{batch}", "Batches waiting in the spool.");
    }

    /// <summary>The meter behind the instruments (tests listen to exactly this instance).</summary>
    public Meter Meter => _meter;

    public Counter<long> EventsReceived { get; }

    public Counter<long> EventsSent { get; }

    public Counter<long> EventsDropped { get; }

    public Counter<long> DeadLetters { get; }

    public Counter<long> ReceiveTimeStamped { get; }

    public Counter<long> ConnectionsRefused { get; }

    public Counter<long> Errors { get; }

    public Counter<long> BatchesSpooled { get; }

    public Histogram<double> DeliveryLatency { get; }

    public void SetSpool(long bytes, long batches)
    {
        Interlocked.Exchange(ref _spoolBytes, bytes);
        Interlocked.Exchange(ref _spoolBatches, batches);
    }

    public void Error(string errorType, string stage) =>
        Errors.Add(1, new KeyValuePair<string, object?>(TagNames.ErrorType, errorType), new KeyValuePair<string, object?>(TagNames.Stage, stage));

    public void Dispose() => _meter.Dispose();
}
