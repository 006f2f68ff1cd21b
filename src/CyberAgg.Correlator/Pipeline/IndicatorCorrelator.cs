using System.Text.Json;
using Confluent.Kafka;
using CyberAgg.Configuration.Kafka;
using CyberAgg.Configuration;
using CyberAgg.Correlator.Evaluation;
using CyberAgg.Correlator.EventTime;
using CyberAgg.Correlator.Telemetry;
using CyberAgg.Events.Alerts;
using CyberAgg.Rules.Loading;
using CyberAgg.Storage.Writers;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Correlator.Pipeline;

/// <summary>
/// The second half of a scaled-out correlator: consumes observations re-keyed by indicator from
/// <c>cyberagg.indicators.v1</c>, runs the correlation rules on them, and makes the alerts durable before committing.
/// </summary>
/// <remarks>
/// Each instance owns a share of the indicator partitions, so every sighting of one indicator, from any
/// partner and any events partition, meets in exactly one instance: two instances raise what one would.
/// </remarks>
public sealed class IndicatorCorrelator : IDisposable
{
    private readonly CorrelatorOptions options;
    private readonly KafkaOptions kafka;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly RuleEvaluator evaluator;
    private readonly ClickHouseWriter writer;
    private readonly KafkaPublisher publisher;
    private readonly AlertSink alerts;
    private readonly Dictionary<int, long> pending = [];
    private readonly List<Alert> raised = [];
    private readonly SourceWatermarks watermarks;
    private readonly CorrelatorTotals? totals;
    private IConsumer<string?, byte[]>? consumer;

    /// <remarks>
    /// <c>totals</c> is the instance's <see cref="CorrelatorPipeline.Totals"/>, to which the alerts made durable here are
    /// added, so serve's readiness and stop line count a scaled-out instance's correlation alerts; null: not counted.
    /// </remarks>
    public IndicatorCorrelator(
        CorrelatorOptions options, KafkaOptions kafka, ClickHouseOptions clickHouse, RuleSet rules, ILogger logger, TimeProvider? timeProvider = null, CorrelatorTotals? totals = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clickHouse);
        this.options = options;
        this.kafka = kafka;
        this.logger = logger;
        time = timeProvider ?? TimeProvider.System;
        evaluator = new RuleEvaluator(rules, options.Lateness, detectionAlerts: false, time, options.EarlyFiring, options.EarlyHorizon);
        writer = new ClickHouseWriter(clickHouse.ConnectionString(), time);
        publisher = new KafkaPublisher(kafka.ToProducerConfig(), logger);
        alerts = new AlertSink(writer, publisher, clickHouse.Database);
        watermarks = new SourceWatermarks(options.IdleTimeout, time);
        this.totals = totals;
    }

    /// <summary>The correlation watermark over the owned indicator partitions.</summary>
    public DateTimeOffset Watermark => evaluator.Watermark;

    /// <summary>Raised after alerts are durable.</summary>
    public event Action<IReadOnlyList<Alert>>? AlertsCommitted;

    /// <summary>Observations correlated since start.</summary>
    public long Observations { get; private set; }

    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Loop(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Loop(CancellationToken cancellationToken)
    {
        var config = KafkaClients.ManualCommit(kafka.ToConsumerConfig(options.GroupId + "-indicators"));
        using var built = KafkaClients.Consumer<string?>(config, "correlator indicators consumer", logger)
            .SetPartitionsAssignedHandler((_, assigned) =>
            {
                foreach (var p in assigned)
                {
                    watermarks.Assign(p.Partition.Value);
                }
            })
            .SetPartitionsRevokedHandler((_, revoked) =>
            {
                Flush();
                foreach (var p in revoked)
                {
                    watermarks.Revoke(p.Partition.Value);
                }
            })
            .SetPartitionsLostHandler((_, lost) =>
            {
                foreach (var p in lost)
                {
                    pending.Remove(p.Partition.Value);
                    watermarks.Revoke(p.Partition.Value);
                }
            })
            .Build();
        consumer = built;
        built.Subscribe(options.IndicatorsTopic);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var lingerStart = 0L;
                while (!cancellationToken.IsCancellationRequested)
                {
                    var wait = pending.Count == 0 ? TimeSpan.FromMilliseconds(250) : options.BatchLinger - time.GetElapsedTime(lingerStart);
                    if (wait <= TimeSpan.Zero)
                    {
                        break;
                    }

                    var result = built.Consume(wait);
                    if (result?.Message is null)
                    {
                        if (pending.Count == 0)
                        {
                            // Quiet: idle partitions stop holding the watermark back, so the last windows are decided.
                            evaluator.AdvanceWatermark(watermarks.Update(), raised);
                            if (raised.Count > 0)
                            {
                                break;
                            }
                        }

                        continue;
                    }

                    if (pending.Count == 0)
                    {
                        lingerStart = time.GetTimestamp();
                    }

                    Correlate(result);
                }

                Flush();
            }
        }
        finally
        {
            Flush();
            built.Close();
        }
    }

    private void Correlate(ConsumeResult<string?, byte[]> result)
    {
        pending[result.Partition.Value] = result.Offset.Value;
        Observations++;
        try
        {
            if (WatermarkMarker(result) is { } marker)
            {
                watermarks.Mark(result.Partition.Value, marker.Source, marker.Watermark);
                return;
            }

            if (evaluator.Correlate(ObservationJson.Deserialize(result.Message.Value), raised) == Rules.Correlation.ObserveOutcome.Late)
            {
                CorrelatorInstrumentation.EventsLate.Add(1);
            }
        }
        catch (JsonException e)
        {
            // Only correlators write this topic; a malformed message is a bug or tampering, never a reason to stop.
            CorrelatorInstrumentation.DeadLetters.Add(1, new KeyValuePair<string, object?>(CorrelatorInstrumentation.Tags.Reason, "invalid_observation"));
            Log.DeadLettered(logger, result.Topic, result.Partition.Value, result.Offset.Value, "invalid_observation", e.Message);
        }
    }

    private static (string Source, DateTimeOffset Watermark)? WatermarkMarker(ConsumeResult<string?, byte[]> result)
    {
        if (result.Message.Headers is not { } headers
            || !headers.TryGetLastBytes(Events.Ingest.KafkaHeaderNames.Watermark, out var value)
            || !long.TryParse(System.Text.Encoding.ASCII.GetString(value), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var milliseconds))
        {
            return null;
        }

        var source = headers.TryGetLastBytes(Events.Ingest.KafkaHeaderNames.WatermarkSource, out var from) ? System.Text.Encoding.UTF8.GetString(from) : "";
        return (source, DateTimeOffset.FromUnixTimeMilliseconds(milliseconds));
    }

    private void Flush()
    {
        evaluator.AdvanceWatermark(watermarks.Update(), raised);
        if (pending.Count == 0 && raised.Count == 0)
        {
            return;
        }

        alerts.StoreAsync(raised, CancellationToken.None).GetAwaiter().GetResult();
        if (pending.Count > 0)
        {
            OffsetCommits.Commit(consumer, pending.Select(p => new TopicPartitionOffset(options.IndicatorsTopic, p.Key, p.Value + 1)).ToList(), logger, "correlator indicators consumer");
        }

        var committed = raised.ToList();
        raised.Clear();
        pending.Clear();
        totals?.AddAlerts(committed.Count);
        // By the alert's own kind, as the pipeline counts them: most alerts here are cross-border.
        CorrelatorInstrumentation.CountAlertsRaised(committed);

        AlertsCommitted?.Invoke(committed);
    }

    public void Dispose()
    {
        publisher.Dispose();
        writer.Dispose();
    }
}
