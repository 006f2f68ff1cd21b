using Confluent.Kafka;
using CyberAgg.Correlator.Evaluation;
using CyberAgg.Events;
using CyberAgg.Events.Ingest;
using CyberAgg.Events.Alerts;
using CyberAgg.Rules.Loading;

namespace CyberAgg.Bench.Measurement;

/// <summary>
/// The correlator's CPU per event by stage, storage excluded: the run's own signed batches decoded (HMAC check and
/// batch decode), then detection alone, then detection and correlation together, each on one thread with nothing
/// else of the pipeline in the way, timed in that thread's CPU seconds. Correlate is the difference of the last two.
/// </summary>
internal static class StageProfile
{
    private const int BatchEvents = 5_000;

    /// <summary>At most this many events are profiled (the run's first), so a large run does not hold them all in memory.</summary>
    public const int MaxEvents = 200_000;

    /// <summary>Runs each stage twice (the first pass warms up the JIT) and reports the second.</summary>
    public static StageCpu Measure(IReadOnlyList<Message<byte[]?, byte[]>> all, IngestDecoder decoder, RuleSet rules, TimeSpan lateness, bool earlyFiring = false, TimeSpan? earlyHorizon = null)
    {
        ArgumentNullException.ThrowIfNull(all);
        var messages = all.Take(Math.Max(1, MaxEvents / 500)).ToList();
        var events = new List<SecurityEvent>(MaxEvents);
        Decode(messages, decoder, events);
        events.Clear();
        var decode = Time(() => Decode(messages, decoder, events));

        var detector = new RuleEvaluator(rules, lateness, detectionAlerts: false);
        Detect(detector, events);
        var detect = Time(() => Detect(detector, events));

        Evaluate(rules, lateness, earlyFiring, earlyHorizon, events);
        var evaluate = Time(() => Evaluate(rules, lateness, earlyFiring, earlyHorizon, events));
        var n = Math.Max(1, events.Count);
        return new StageCpu(events.Count, Us(decode, n), Us(detect, n), Us(Math.Max(0, evaluate - detect), n), Us(decode + evaluate, n));
    }

    private static void Decode(IReadOnlyList<Message<byte[]?, byte[]>> messages, IngestDecoder decoder, List<SecurityEvent> output)
    {
        foreach (var message in messages)
        {
            DecodeOne(message, decoder, output);
        }
    }

    /// <summary>Decodes one of the bench's own batches as the correlator does (headers, HMAC check, batch decode).</summary>
    public static void DecodeOne(Message<byte[]?, byte[]> message, IngestDecoder decoder, List<SecurityEvent> output)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(decoder);
        var headers = default(IngestHeaders);
        if (message.Headers is { } kafkaHeaders)
        {
            foreach (var header in kafkaHeaders)
            {
                headers = headers.With(header.Key, header.GetValueBytes());
            }
        }

        var outcome = decoder.Decode(message.Value, headers, output);
        if (!outcome.Success)
        {
            throw new InvalidOperationException($"The bench's own batch did not decode: {outcome.ReasonCode} {outcome.Detail}");
        }
    }

    private static int Detect(RuleEvaluator detector, List<SecurityEvent> events)
    {
        var matches = 0;
        foreach (var e in events)
        {
            matches += detector.Detect(e);
        }

        return matches;
    }

    private static int Evaluate(RuleSet rules, TimeSpan lateness, bool earlyFiring, TimeSpan? earlyHorizon, List<SecurityEvent> events)
    {
        // A fresh evaluator per pass: correlation state from the warm-up pass would make the second one cheaper.
        var evaluator = new RuleEvaluator(rules, lateness, detectionAlerts: false, earlyFiring: earlyFiring, earlyFiringHorizon: earlyHorizon);
        var alerts = new List<Alert>();
        var watermark = DateTimeOffset.MinValue;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            evaluator.Evaluate(e, alerts);
            if (e.Timestamp - lateness > watermark)
            {
                watermark = e.Timestamp - lateness;
            }

            // As the pipeline does after each batch: released events are correlated as the watermark moves.
            if (i % BatchEvents == BatchEvents - 1)
            {
                evaluator.AdvanceWatermark(watermark, alerts);
            }
        }

        evaluator.Flush(alerts);
        return alerts.Count;
    }

    // CPU time of this thread: the other engineers' builds on the same cores do not count against a stage.
    private static double Time(Action action)
    {
        var start = ThreadClock.Now();
        action();
        return ThreadClock.Now() - start;
    }

    private static double Us(double seconds, int events) => Math.Round(seconds * 1e6 / events, 3);
}
