using System.Collections.Concurrent;
using System.Text;
using CyberAgg.Correlator.Evaluation;
using CyberAgg.Correlator.EventTime;
using CyberAgg.Correlator.Pipeline;
using CyberAgg.Correlator.Tests.Pipeline.Fakes;
using CyberAgg.Events;
using CyberAgg.Events.Alerts;
using CyberAgg.Events.Ingest;
using CyberAgg.Storage.Writers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CyberAgg.Correlator.Tests.Pipeline;

/// <summary>The evaluation stage with the shipped rules on a fake clock, a gated alert sink and a recording publisher.</summary>
public sealed class EvaluateStageTests
{
    private const string Ip = "198.51.100.23";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider clock = new(Now);
    private readonly GatedAlertSink sink = new();
    private readonly RecordingIndicatorPublisher publisher = new();
    private readonly ConcurrentQueue<Alert> committed = new();
    private readonly CorrelatorTotals totals = new();
    private EventTimeAccounting eventTime = null!;
    private PartitionWatermarks watermarks = null!;

    [Fact]
    public async Task Evaluate_SightingsInTwoCountries_CrossBorderAlertCommittedOnlyOnceTheSinkAcknowledges()
    {
        var stage = Stage(new CorrelatorOptions { Lateness = TimeSpan.FromMinutes(1), IdleTimeout = TimeSpan.FromSeconds(30) });

        var evaluated = stage.Evaluate(Batch(0, Event(1, "ee-cert", "EE", Now.AddMinutes(-10)), Event(2, "lv-cert", "LV", Now.AddMinutes(-6))));
        clock.Advance(TimeSpan.FromSeconds(30));
        stage.AdvanceBetweenBatches();

        sink.Received.Count(a => a.Kind == AlertKinds.CrossBorder && a.GroupKey == Ip).ShouldBe(1, "the watermark passed both sightings once the partition went idle");
        committed.ShouldBeEmpty("nothing is announced before it is durable");
        evaluated.AlertsDurable.IsCompleted.ShouldBeFalse();
        sink.Open();
        await evaluated.AlertsDurable;
        await stage.DrainAsync();
        committed.Single(a => a.Kind == AlertKinds.CrossBorder).Countries.ShouldBe(["EE", "LV"]);
    }

    [Fact]
    public async Task AdvanceBetweenBatches_AlertsOfAQuietStream_CountedInTheTotalsOnceDurable()
    {
        // No batch follows to carry them to a commit (the end of a demo, a quiet night): they are counted on their own.
        var stage = Stage(new CorrelatorOptions { Lateness = TimeSpan.FromMinutes(1), IdleTimeout = TimeSpan.FromSeconds(30) });
        var evaluated = stage.Evaluate(Batch(0, Event(1, "ee-cert", "EE", Now.AddMinutes(-10)), Event(2, "lv-cert", "LV", Now.AddMinutes(-6))));
        evaluated.AlertCount.ShouldBe(0, "both sightings wait for the watermark");
        clock.Advance(TimeSpan.FromSeconds(30));
        stage.AdvanceBetweenBatches();
        sink.Received.ShouldNotBeEmpty();
        totals.Alerts.ShouldBe(0, "not durable yet");

        sink.Open();
        await stage.DrainAsync();

        totals.Alerts.ShouldBe(sink.Received.Count);
    }

    [Fact]
    public void Evaluate_EventFromTheFuture_KeptForStorageButMovesNoWatermark()
    {
        var stage = Stage(new CorrelatorOptions { MaxClockSkew = TimeSpan.FromMinutes(5) });

        var evaluated = stage.Evaluate(Batch(0, Event(1, "ee-cert", "EE", Now.AddHours(1))));

        evaluated.Batch.Partitions.Single().Events.ShouldHaveSingleItem();
        eventTime.Future.ShouldBe(1);
        watermarks.Current.ShouldBe(DateTimeOffset.MinValue);
    }

    [Fact]
    public void Evaluate_EventBehindTheWatermark_CountedLate()
    {
        var stage = Stage(new CorrelatorOptions { Lateness = TimeSpan.FromMinutes(1), IdleTimeout = TimeSpan.FromSeconds(30) });
        stage.Evaluate(Batch(0, Event(1, "ee-cert", "EE", Now.AddMinutes(-1))));
        clock.Advance(TimeSpan.FromSeconds(30));
        stage.AdvanceBetweenBatches();

        stage.Evaluate(Batch(0, Event(2, "lv-cert", "LV", Now.AddMinutes(-20))));

        eventTime.Late.ShouldBe(1);
    }

    [Fact]
    public async Task Evaluate_ScaledOut_ObservationsPublishedBeforeTheWatermarkThatCoversThem()
    {
        var stage = Stage(new CorrelatorOptions { ScaleOut = true, IdleTimeout = TimeSpan.FromSeconds(30) });
        sink.Open();

        var evaluated = stage.Evaluate(Batch(0, Event(1, "ee-cert", "EE", Now.AddMinutes(-10))));
        await evaluated.AlertsDurable;
        stage.AdvanceBetweenBatches();
        await stage.DrainAsync();

        var sent = publisher.Sent.ToList();
        sent[0].ShouldBe("observation " + Ip);
        sent.Skip(1).ShouldAllBe(s => s.StartsWith("watermark ", StringComparison.Ordinal));
        sent.Count.ShouldBe(3, "one marker after the batch's observations, one between batches");
        sink.Received.ShouldNotContain(a => a.Kind == AlertKinds.CrossBorder, "scaled out, correlation happens in the indicator stage");
    }

    private EvaluateStage Stage(CorrelatorOptions options)
    {
        eventTime = new EventTimeAccounting(options.MaxClockSkew, EventRows.Retention, clock, NullLogger.Instance);
        watermarks = new PartitionWatermarks(options.Lateness, options.IdleTimeout, clock);
        var stage = new EvaluateStage(
            options,
            new RuleEvaluator(PipelineHarness.ShippedRules, options.Lateness, options.DetectionAlerts, clock),
            watermarks,
            eventTime,
            sink,
            publisher,
            totals,
            clock);
        stage.AlertsCommitted += alerts =>
        {
            foreach (var alert in alerts)
            {
                committed.Enqueue(alert);
            }
        };
        return stage;
    }

    private static EventBatch Batch(int partition, params SecurityEvent[] events)
    {
        var batch = new EventBatch();
        for (var i = 0; i < events.Length; i++)
        {
            var range = batch.For(partition, i);
            range.MessageCount++;
            range.Events.Add(events[i]);
            batch.MessageCount++;
            batch.EventCount++;
        }

        return batch;
    }

    private static SecurityEvent Event(int id, string partner, string country, DateTimeOffset at)
    {
        var decoded = new List<SecurityEvent>();
        var decoder = new IngestDecoder(new IngestKeyRing(), new IngestDecoderOptions { Trust = IngestTrust.Open });
        decoder.Decode(Encoding.UTF8.GetBytes(PipelineHarness.Event(id, partner, country, Ip, at)), default, decoded).Success.ShouldBeTrue();
        return decoded.ShouldHaveSingleItem();
    }
}
