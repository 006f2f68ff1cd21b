using System.Diagnostics.Metrics;
using System.Text;
using System.Threading.Channels;
using CyberAgg.Agent.Checkpoints;
using CyberAgg.Agent.Parsing;
using CyberAgg.Agent.Pipeline;
using CyberAgg.Agent.Settings;
using CyberAgg.Agent.Sources;
using CyberAgg.Agent.Telemetry;
using CyberAgg.Agent.Tests.Support;
using CyberAgg.Events;
using CyberAgg.Events.Ingest;
using CyberAgg.Events.Wire;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CyberAgg.Agent.Tests.Pipeline;

public sealed class BatcherTests : IDisposable
{
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(200);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly AgentTelemetry _telemetry = new();
    private readonly AckTracker _tracker = new(new Dictionary<FileKey, FileMark>());
    private readonly List<OutboundBatch> _batches = [];
    private readonly Channel<RawRecord> _input = Channel.CreateBounded<RawRecord>(1000);
    private readonly BatchWriter _writer = new(new IngestKey(TestAgent.Partner, TestAgent.KeyId, TestAgent.Secret), TestAgent.Country, TestAgent.Sensor);

    [Fact]
    public async Task Run_FewerRecordsThanABatch_CutsWhenLingerElapses()
    {
        var run = NewBatcher(maxEvents: 100).RunAsync(_input.Reader, default);
        await WriteAsync("one", "two", "three");
        await WaitFor.ConditionAsync(() => _input.Reader.Count == 0, TimeSpan.FromSeconds(10), "the batcher took the records");

        Batches().ShouldBeEmpty("no time has passed on the clock, so the batch is still lingering");
        await WaitFor.ConditionAsync(
            () =>
            {
                _time.Advance(TimeSpan.FromMilliseconds(50));
                return Batches().Count == 1;
            },
            TimeSpan.FromSeconds(10),
            "the linger elapses");

        Batches()[0].EventCount.ShouldBe(3);
        _input.Writer.Complete();
        await run;
    }

    [Fact]
    public async Task Run_MaxEventsReached_CutsAtOnceAndTheRestAtEndOfInput()
    {
        var run = NewBatcher(maxEvents: 2).RunAsync(_input.Reader, default);
        await WriteAsync("1", "2", "3", "4", "5");
        _input.Writer.Complete();
        await run;

        Batches().Select(b => b.EventCount).ShouldBe([2, 2, 1]);
    }

    [Fact]
    public async Task Run_Batch_IsSignedWithDesignHeadersAndDecodesToStampedEvents()
    {
        var run = NewBatcher(maxEvents: 10).RunAsync(_input.Reader, default);
        await WriteAsync("""{"event":{"action":"login"},"source.ip":"198.51.100.7","observer":{"partner":"someone-else"},"Image":"cmd.exe"}""");
        _input.Writer.Complete();
        await run;

        var message = Batches().Single().Messages.Single();
        message.Topic.ShouldBe("events");
        Encoding.UTF8.GetString(message.Key!).ShouldBe(TestAgent.Sensor, "partition key is the sensor");
        var headers = message.Headers.ToDictionary(h => h.Key, h => Encoding.UTF8.GetString(h.Value));
        headers[KafkaHeaderNames.ContentType].ShouldBe(ContentTypes.Batch);
        headers[KafkaHeaderNames.Schema].ShouldBe(SchemaVersions.EventsV1);
        headers[KafkaHeaderNames.Partner].ShouldBe(TestAgent.Partner);
        headers[KafkaHeaderNames.TraceParent].ShouldMatch("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$");
        var ingest = default(IngestHeaders);
        foreach (var (name, value) in message.Headers)
        {
            ingest = ingest.With(name, value);
        }

        var events = new List<SecurityEvent>();
        var decoder = new IngestDecoder(new IngestKeyRing([new IngestKey(TestAgent.Partner, TestAgent.KeyId, TestAgent.Secret, TestAgent.Country)]));
        var result = decoder.Decode(message.Value, ingest, events);
        result.Success.ShouldBeTrue(result.ReasonCode);
        result.Trusted.ShouldBeTrue();
        var evt = events.Single();
        evt.Partner.ShouldBe(TestAgent.Partner, "the agent's configuration, not the record, says who observed it");
        evt.Country.ShouldBe(TestAgent.Country);
        evt.ObserverName.ShouldBe(TestAgent.Sensor);
        evt.Action.ShouldBe("login");
        evt.Attributes["Image"].ShouldBe("cmd.exe");
    }

    [Fact]
    public async Task Run_BadRecord_GoesToTheDeadLetterTopicWithReasonAndOriginalBytes()
    {
        var run = NewBatcher(maxEvents: 10).RunAsync(_input.Reader, default);
        await WriteAsync(InputFormat.Json, "{\"broken\":", "fine line");
        _input.Writer.Complete();
        await run;

        var batch = Batches().Single();
        batch.DeadLetterCount.ShouldBe(2, "a plain line is not JSON either");
        var deadLetter = batch.Messages.First(m => m.Topic == "events.dlq");
        Encoding.UTF8.GetString(deadLetter.Value).ShouldBe("{\"broken\":");
        var headers = deadLetter.Headers.ToDictionary(h => h.Key, h => Encoding.UTF8.GetString(h.Value));
        headers[MessageHeaders.DeadLetterReason].ShouldBe("invalid_json");
        headers[MessageHeaders.DeadLetterSource].ShouldStartWith("test:");
        headers[KafkaHeaderNames.Partner].ShouldBe(TestAgent.Partner);
    }

    [Fact]
    public async Task Run_RecordsWithoutTheirOwnTime_MarkedOnTheWireAndCountedPerInput()
    {
        var counted = new List<(long Value, string? Input)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, _telemetry.Meter) && instrument.Name == "cyberagg.agent.events.receive_time")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            lock (counted)
            {
                counted.Add((value, tags.ToArray().Single(t => t.Key == TagNames.Input).Value as string));
            }
        });
        listener.Start();
        var run = NewBatcher(maxEvents: 10).RunAsync(_input.Reader, default);
        await WriteAsync("plain text line", """{"@timestamp":"2026-03-01T11:00:00Z","message":"own time"}""");
        await _input.Writer.WriteAsync(new RawRecord("<13>no stamp here"u8.ToArray(), "test:x", InputFormat.Syslog, null, "other"));
        _input.Writer.Complete();
        await run;

        var events = Decode(Batches().Single().Messages.Single());
        var plain = events.Single(e => e.Message == "plain text line");
        plain.Timestamp.ShouldBe(_time.GetUtcNow());
        plain.Attributes["cyberagg.timestamp_source"].ShouldBe("receive_time");
        plain.Attributes["event.ingested"].ShouldBe(EventTimestamps.Format(_time.GetUtcNow()));
        var own = events.Single(e => e.Message == "own time");
        own.Timestamp.ShouldBe(new DateTimeOffset(2026, 3, 1, 11, 0, 0, TimeSpan.Zero));
        own.AttributesOrNull?.ContainsKey("cyberagg.timestamp_source").ShouldNotBe(true);
        lock (counted)
        {
            counted.Where(c => c.Input == "test").Sum(c => c.Value).ShouldBe(1);
            counted.Where(c => c.Input == "other").Sum(c => c.Value).ShouldBe(1);
        }
    }

    [Fact]
    public async Task Run_OnlyBlankLines_ConfirmsTheirOffsetsWithoutSending()
    {
        var key = new FileKey(1, 1);
        var run = NewBatcher(maxEvents: 10).RunAsync(_input.Reader, default);
        await _input.Writer.WriteAsync(new RawRecord([], "file:1:1@0", InputFormat.Auto, new FileMark(key, "/a", 1), "files"));
        await _input.Writer.WriteAsync(new RawRecord(" "u8.ToArray(), "file:1:1@1", InputFormat.Auto, new FileMark(key, "/a", 3), "files"));
        _input.Writer.Complete();
        await run;

        Batches().ShouldBeEmpty();
        _tracker.TryGetConfirmed(key, out var mark).ShouldBeTrue();
        mark.Offset.ShouldBe(3);
    }

    private static List<SecurityEvent> Decode(OutboundMessage message)
    {
        var ingest = default(IngestHeaders);
        foreach (var (name, value) in message.Headers)
        {
            ingest = ingest.With(name, value);
        }

        var events = new List<SecurityEvent>();
        var decoder = new IngestDecoder(new IngestKeyRing([new IngestKey(TestAgent.Partner, TestAgent.KeyId, TestAgent.Secret, TestAgent.Country)]));
        decoder.Decode(message.Value, ingest, events).Success.ShouldBeTrue();
        return events;
    }

    public void Dispose()
    {
        _writer.Dispose();
        _telemetry.Dispose();
    }

    private List<OutboundBatch> Batches()
    {
        lock (_batches)
        {
            return [.. _batches];
        }
    }

    private async Task WriteAsync(params string[] lines) => await WriteAsync(InputFormat.Auto, lines);

    private async Task WriteAsync(InputFormat format, params string[] lines)
    {
        foreach (var line in lines)
        {
            await _input.Writer.WriteAsync(new RawRecord(Encoding.UTF8.GetBytes(line), "test:" + Guid.NewGuid(), format, null, "test"));
        }
    }

    private Batcher NewBatcher(int maxEvents, int maxMessageBytes = DeliveryOptions.DefaultMaxMessageBytes) => new(
        new RecordNormalizer(TestAgent.Normalizer()),
        _writer,
        new IdentityOptions { Partner = TestAgent.Partner, Country = TestAgent.Country, Name = TestAgent.Sensor, DataDir = "." },
        new BatchOptions { MaxEvents = maxEvents, Linger = Linger },
        new DeliveryOptions { Topic = "events", DeadLetterTopic = "events.dlq" },
        _tracker,
        _time,
        (batch, _) =>
        {
            lock (_batches)
            {
                _batches.Add(batch);
            }

            return ValueTask.CompletedTask;
        },
        TestAgent.Limit(_telemetry, maxMessageBytes),
        _telemetry,
        NullLogger.Instance);
}
