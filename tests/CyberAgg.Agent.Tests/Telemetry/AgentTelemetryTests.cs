using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using CyberAgg.Agent.Checkpoints;
using CyberAgg.Agent.Delivery;
using CyberAgg.Agent.Settings;
using CyberAgg.Agent.Sources;
using CyberAgg.Agent.Spool;
using CyberAgg.Agent.Telemetry;
using CyberAgg.Agent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace CyberAgg.Agent.Tests.Telemetry;

public sealed class AgentTelemetryTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly AgentTelemetry _telemetry = new();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentBag<(string Name, double Value, Dictionary<string, object?> Tags)> _measurements = [];

    public AgentTelemetryTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // Only this test's instance: other tests create their own AgentTelemetry under the same meter name.
            if (ReferenceEquals(instrument.Meter, _telemetry.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        _listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        _listener.Start();
    }

    [Fact]
    public async Task Sink_FailureThenDelivery_EmitsErrorsWithTypeAndStageSentAndLatencyInSeconds()
    {
        var transport = new FakeTransport { Down = true };
        var tracker = new AckTracker(new Dictionary<FileKey, FileMark>());
        var spool = new DiskSpool(new SpoolOptions { Dir = _dir.Path }, Guid.NewGuid(), _telemetry, NullLogger.Instance);
        await using var sink = new KafkaSink(transport, spool, tracker, new DeliveryOptions(), TestAgent.Limit(_telemetry), TimeProvider.System, _telemetry, NullLogger.Instance);
        await sink.SubmitAsync(Batches.Create(tracker, 7, 100), default);
        await WaitFor.ConditionAsync(() => spool.Count == 1, TimeSpan.FromSeconds(10), "the failed batch is spooled");

        transport.Down = false;
        sink.Start();
        await WaitFor.ConditionAsync(() => sink.Stats.EventsSent == 7, TimeSpan.FromSeconds(30), "the spool drains");

        _telemetry.Meter.Name.ShouldBe("CyberAgg.Agent");
        var errors = Of("cyberagg.agent.errors");
        errors.ShouldContain(m => (string?)m.Tags[TagNames.ErrorType] == TagNames.ErrorTypes.DeliveryFailed && (string?)m.Tags[TagNames.Stage] == TagNames.Stages.Sending);
        Of("cyberagg.agent.events.sent").Sum(m => m.Value).ShouldBe(7);
        Of("cyberagg.agent.spool.batches.written").Sum(m => m.Value).ShouldBe(1);
        _listener.RecordObservableInstruments();
        Of("cyberagg.agent.spool.bytes").ShouldNotBeEmpty();
        var latency = Of("cyberagg.agent.delivery.latency").ShouldHaveSingleItem();
        latency.Value.ShouldBeGreaterThan(0, "batches created at Unix time 0 are decades old: seconds, not ticks");
    }

    public void Dispose()
    {
        _listener.Dispose();
        _telemetry.Dispose();
        _dir.Dispose();
    }

    private List<(string Name, double Value, Dictionary<string, object?> Tags)> Of(string name) => _measurements.Where(m => m.Name == name).ToList();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var (key, tagValue) in tags)
        {
            copy[key] = tagValue;
        }

        _measurements.Add((instrument.Name, value, copy));
    }
}
