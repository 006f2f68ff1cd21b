using System.Diagnostics;
using CyberAgg.Correlator.Evaluation;
using CyberAgg.Correlator.EventTime;
using CyberAgg.Correlator.Telemetry;
using CyberAgg.Events.Alerts;

namespace CyberAgg.Correlator.Pipeline;

/// <summary>
/// The evaluation stage: runs the rules over a consumed batch on event time, moves the watermark, and starts
/// making the alerts durable; alerts raised between batches (the watermark moving on a quiet stream, a restore)
/// ride with the next batch, whose offsets are committed only once they are durable too.
/// </summary>
/// <remarks>Runs on the consuming thread, which owns the evaluator and the watermarks.</remarks>
internal sealed class EvaluateStage(
    CorrelatorOptions options,
    RuleEvaluator evaluator,
    PartitionWatermarks watermarks,
    EventTimeAccounting eventTime,
    IAlertSink alerts,
    IIndicatorPublisher indicators,
    CorrelatorTotals totals,
    TimeProvider time)
{
    private readonly List<Task> raisedBetweenBatches = [];
    private readonly string instanceId = Guid.NewGuid().ToString("N");

    /// <summary>Raised after alerts are durable, for in-process listeners.</summary>
    public event Action<IReadOnlyList<Alert>>? AlertsCommitted;

    /// <summary>Raised when rules fire, before the alerts are stored and published (for the bench's latency split).</summary>
    public event Action<IReadOnlyList<Alert>>? AlertsRaised;

    /// <summary>Evaluates the batch; the result carries its alerts' durability, joined by those raised since the last batch.</summary>
    public EvaluatedBatch Evaluate(EventBatch batch)
    {
        var clock = Stopwatch.StartNew();
        var observations = new List<Observation>();
        var raised = EvaluateEvents(batch, observations);
        CorrelatorInstrumentation.StageDuration.Record(clock.Elapsed.TotalSeconds, new KeyValuePair<string, object?>(CorrelatorInstrumentation.Tags.Stage, "evaluate"));
        var durable = raisedBetweenBatches.Count == 0
            ? MakeDurableAsync(raised, observations)
            : Task.WhenAll([MakeDurableAsync(raised, observations), .. raisedBetweenBatches]);
        raisedBetweenBatches.Clear();
        return new EvaluatedBatch(batch, raised.Count, durable);
    }

    /// <summary>
    /// Between batches: moves the watermark as the partitions' clocks allow (idle ones stop holding it back), so a
    /// quiet stream's last windows are still decided; scaled out, tells the indicator stage instead (also a heartbeat).
    /// </summary>
    public void AdvanceBetweenBatches()
    {
        var raised = new List<Alert>();
        var watermark = watermarks.Update();
        raisedBetweenBatches.RemoveAll(t => t.IsCompletedSuccessfully);
        if (options.ScaleOut)
        {
            // The indicator stage forgets a source it has not heard from for its idle timeout.
            raisedBetweenBatches.Add(indicators.PublishWatermarkAsync(options.IndicatorsTopic, instanceId, watermark, CancellationToken.None));
            return;
        }

        evaluator.AdvanceWatermark(watermark, raised);
        eventTime.SummariseIfDue(evaluator.Watermark);
        ReportWatermark();
        if (raised.Count > 0)
        {
            raisedBetweenBatches.Add(MakeDurableBetweenBatchesAsync(raised));
        }
    }

    /// <summary>Alerts raised outside a batch (a window restore): made durable with the next batch.</summary>
    public void Raised(List<Alert> raised) => raisedBetweenBatches.Add(MakeDurableBetweenBatchesAsync(raised));

    /// <summary>Waits for the alerts raised since the last batch to be durable (at stop).</summary>
    public Task DrainAsync() => Task.WhenAll(raisedBetweenBatches);

    private List<Alert> EvaluateEvents(EventBatch batch, List<Observation> observations)
    {
        var raised = new List<Alert>();
        var now = eventTime.Now();
        foreach (var range in batch.Partitions)
        {
            // The partition's clock takes the range's highest event time once: nothing reads it before the loop ends.
            var highest = DateTimeOffset.MinValue;
            var observed = false;
            var touched = false;
            foreach (var e in range.Events)
            {
                // A future-dated event is stored and counted, but a bad clock must not blind everyone else.
                var future = eventTime.IsFuture(e, now);
                if (future)
                {
                    touched = true;
                }
                else
                {
                    observed = true;
                    if (e.Timestamp > highest)
                    {
                        highest = e.Timestamp;
                    }
                }

                if (options.ScaleOut)
                {
                    evaluator.Route(e, raised, future ? null : observations);
                    continue;
                }

                if (evaluator.Evaluate(e, raised, correlate: !future) == Rules.Correlation.ObserveOutcome.Late)
                {
                    eventTime.CountLate(e);
                }
            }

            if (observed)
            {
                watermarks.Observe(range.Partition, highest);
            }
            else if (touched)
            {
                watermarks.Touch(range.Partition);
            }
        }

        var watermark = watermarks.Update();
        if (!options.ScaleOut)
        {
            evaluator.AdvanceWatermark(watermark, raised);
        }

        eventTime.SummariseIfDue(watermark);

        return raised;
    }

    // A batch's own alerts are counted when the batch commits; these ride with no batch (a quiet stream's last windows
    // may wait for none), so they are counted once durable.
    private async Task MakeDurableBetweenBatchesAsync(List<Alert> raised)
    {
        await MakeDurableAsync(raised, []);
        totals.AddAlerts(raised.Count);
    }

    // Alerts go out as soon as they are raised: they are idempotent by id, and an analyst waits for them, not for
    // the event insert. The batch's offsets are committed only once this completes and the events are stored.
    private async Task MakeDurableAsync(List<Alert> raised, List<Observation> observations)
    {
        if (raised.Count > 0)
        {
            AlertsRaised?.Invoke(raised);
        }

        await Task.WhenAll(
            alerts.StoreAsync(raised, CancellationToken.None),
            observations.Count == 0 ? Task.CompletedTask : indicators.PublishObservationsAsync(options.IndicatorsTopic, observations, CancellationToken.None));
        if (options.ScaleOut)
        {
            // After the observations it covers are acknowledged: the indicator stage may then release up to it.
            await indicators.PublishWatermarkAsync(options.IndicatorsTopic, instanceId, watermarks.Current, CancellationToken.None);
        }

        CorrelatorInstrumentation.CountAlertsRaised(raised);

        if (raised.Count > 0)
        {
            AlertsCommitted?.Invoke(raised);
        }
    }

    private void ReportWatermark()
    {
        var watermark = evaluator.Watermark;
        var delay = watermark == DateTimeOffset.MinValue ? 0 : Math.Max(0, (time.GetUtcNow() - watermark).TotalSeconds);
        CorrelatorInstrumentation.ReportWatermark(delay, evaluator.BufferedEvents);
    }
}
