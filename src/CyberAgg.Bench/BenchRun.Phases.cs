using System.Diagnostics;
using Confluent.Kafka;

namespace CyberAgg.Bench;

/// <summary>The timed phases.</summary>
internal sealed partial class BenchRun
{
    private const string PeakPhase = "peak (produce + correlate)";

    /// <summary>Pushes every background event at once while probes are injected; waits until all is stored.</summary>
    private async Task<PeakFigures> PeakAsync(List<Message<byte[]?, byte[]>> messages, CancellationToken cancellationToken)
    {
        Phase = "peak";
        var before = Snapshot();
        var stages = meter.Stages;
        var received = meter.Received;
        var stored = meter.Stored;
        var sent = producer.SentEvents;
        var start = Stopwatch.GetTimestamp();

        // A peak probe is stamped like the background batch being produced when it is sent (batch k at start + k ms).
        var first = probeTime() + TimeSpan.FromMilliseconds(1);
        var sentMessages = producer.SentMessages;
        probeTime = () => first + TimeSpan.FromMilliseconds(Math.Min(messages.Count - 1, producer.SentMessages - sentMessages));
        using var stopProbes = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var probing = ProbeLoopAsync("peak", stopProbes.Token);
        await Task.Run(() => producer.ProduceAll(Releasing(messages), options.EventsPerMessage, options.Events, cancellationToken), cancellationToken);
        producer.Flush(TimeSpan.FromMinutes(5));
        var produced = Stopwatch.GetTimestamp();
        var storedAtProduced = meter.Stored;

        // Probes keep coming while the backlog drains, so the peak latency is that of an event queued behind it.
        var backlog = producer.SentEvents;
        await WaitAsync(() => meter.Stored >= backlog, options.PhaseTimeout, "the peak backlog to be stored", cancellationToken);
        await stopProbes.CancelAsync();
        await probing;
        await WaitAsync(() => meter.Stored >= producer.SentEvents, options.PhaseTimeout, "the peak phase to be stored", cancellationToken);
        var end = Interlocked.Read(ref lastCommitAt);
        Record(PeakPhase, before);
        var after = meter.Stages;
        var delta = after.ToDictionary(
            p => p.Key,
            p => (p.Value.Seconds - (stages.TryGetValue(p.Key, out var b) ? b.Seconds : 0), p.Value.Batches - (stages.TryGetValue(p.Key, out var c) ? c.Batches : 0)),
            StringComparer.Ordinal);
        var figures = new PeakFigures(
            producer.SentEvents - sent,
            Stopwatch.GetElapsedTime(start, produced).TotalSeconds,
            meter.Received - received,
            Stopwatch.GetElapsedTime(start, meter.LastReceivedAt).TotalSeconds,
            meter.Stored - stored,
            Stopwatch.GetElapsedTime(start, end).TotalSeconds,
            meter.Stored - storedAtProduced,
            end > produced ? Stopwatch.GetElapsedTime(produced, end).TotalSeconds : 0,
            delta);
        await progress.WriteLineAsync($"Peak: {figures.StoredEvents:N0} events stored and correlated in {figures.EndToEndSeconds:F2} s = {figures.EndToEndRate:N0} events/s end to end " +
            $"(produce {figures.ProducedEvents / figures.ProduceSeconds:N0} events/s); {pipeline.LateEvents:N0} events arrived behind the watermark (stored, not correlated).");
        return figures;
    }

    /// <summary>
    /// Yields each pre-encoded batch and lets the list go of it once the producer took it (the Kafka client copies a
    /// value when it is produced), so the backlog the harness holds shrinks as it is sent.
    /// </summary>
    internal static IEnumerable<Message<byte[]?, byte[]>> Releasing(List<Message<byte[]?, byte[]>> messages)
    {
        for (var i = 0; i < messages.Count; i++)
        {
            yield return messages[i];
            messages[i] = null!;
        }
    }

    /// <summary>Produces at a fixed rate for the configured duration while probes measure latency.</summary>
    private async Task<LoadFigures> LoadAsync(IEnumerable<Message<byte[]?, byte[]>> messages, double eventsPerSecond, CancellationToken cancellationToken)
    {
        Phase = "load";

        // The load batches are stamped with the wall clock when they are due, and so are the probes among them.
        probeTime = time.GetUtcNow;
        await progress.WriteLineAsync($"Load: {eventsPerSecond:N0} events/s for {options.LatencyDuration.TotalSeconds:F0} s, a probe every {options.ProbeInterval.TotalMilliseconds:F0} ms ...");
        var before = Snapshot();
        var sent = producer.SentEvents;
        var start = Stopwatch.GetTimestamp();
        using var stopProbes = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var probing = ProbeLoopAsync("load", stopProbes.Token);
        meter.SamplingAlertDurability = true;
        await Task.Run(() => producer.ProduceAtRateAsync(messages, options.EventsPerMessage, eventsPerSecond, options.LatencyDuration, options.Partitions, cancellationToken), cancellationToken);
        await stopProbes.CancelAsync();
        await probing;
        meter.SamplingAlertDurability = false;
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var achieved = (producer.SentEvents - sent) / seconds;
        producer.Flush(TimeSpan.FromMinutes(5));
        await WaitAsync(() => meter.Stored >= producer.SentEvents, options.PhaseTimeout, "the load phase to be stored", cancellationToken);
        Record("load (rate-limited)", before);

        // Late probes are still counted: wait briefly for the last alerts and rows rather than drop them as missed.
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10) && (probes.Alerts("load") < probes.Sent("load") || probes.PendingQueryable().Count > 0))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }

        return new LoadFigures(eventsPerSecond, achieved);
    }
}
