using System.Diagnostics;
using Confluent.Kafka;
using CyberAgg.Bench.Baselines;
using CyberAgg.Bench.Latency;
using CyberAgg.Bench.Measurement;
using CyberAgg.Bench.Report;
using CyberAgg.Bench.Workload;
using CyberAgg.Configuration;
using CyberAgg.Correlator;
using CyberAgg.Correlator.Hosting;
using CyberAgg.Correlator.Pipeline;
using CyberAgg.Events.Ingest;
using CyberAgg.Storage.Writers;
using Microsoft.Extensions.Logging.Abstractions;

namespace CyberAgg.Bench;

/// <summary>
/// One run on a prepared topic and database: warm-up, peak (everything at once), raw consume baseline, and the
/// rate-limited latency phase, with the scheduled-SQL baseline, the queryable poller and progress running throughout.
/// </summary>
internal sealed partial class BenchRun(
    BenchOptions options, TextWriter progress, TimeProvider time, KafkaOptions kafka, ClickHouseOptions clickHouse, string topic, string runId) : IDisposable
{
    private readonly long runStart = Stopwatch.GetTimestamp();
    private readonly IReadOnlyList<BenchPartner> partners = BenchPartner.CreateSet();
    private readonly ProbeTracker probes = new();
    private readonly PipelineMeter meter = new();
    private readonly ClickHouseWriter writer = new(clickHouse.ConnectionString(), time);
    private BenchProducer producer = null!;
    private readonly List<PhaseUsage> usage = [];
    private WorkloadEncoder encoder = null!;
    private CorrelatorPipeline pipeline = null!;
    private TimeSpan earlyHorizon;
    private Task running = Task.CompletedTask;
    private volatile string currentPhase = "setup";
    private MemorySampler? memory;
    private int probeCounter;

    // Event time of the probes. Until the load phase they follow the background's own clock (its batches are stamped
    // 1 ms apart before the run starts): a probe stamped with the wall clock there would move its partition's
    // watermark seconds past the background still to come, and the correlator would rightly count that background
    // as late and not correlate it, which made the peak phase cheap and left every indicator's first alert to the
    // load phase.
    private Func<DateTimeOffset> probeTime = null!;
    private long lastCommitAt;
    private long warmupProduced;

    public string Command { get; init; } = "cyberagg bench";

    /// <summary>The phase now; a change samples the memory of the phase it ends.</summary>
    private string Phase
    {
        get => currentPhase;
        set
        {
            memory?.Sample(currentPhase);
            currentPhase = value;
        }
    }

    public string Infrastructure { get; init; } = "";

    /// <summary>Whether Kafka is the embedded one, whose retention bounds the backlog the producer may build.</summary>
    public bool EmbeddedKafka { get; init; }

    public async Task<BenchReport> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var rules = CorrelatorSetup.ReadRules(options.Rules.Count > 0 ? options.Rules : [CorrelatorSetup.ShippedRules], placeholders: null);
        if (rules.HasErrors)
        {
            throw new ArgumentException($"--rules: {rules.FailedRuleCount} of {rules.AttemptedRuleCount} rules failed to load; check them with 'cyberagg rules validate DIR'.");
        }

        encoder = new WorkloadEncoder(partners, options.Indicators);
        var encodeClock = Stopwatch.StartNew();
        // The backlog's batches 1 ms of event time apart, ending now: a burst of recent events.
        var batches = (options.Events + options.EventsPerMessage - 1) / options.EventsPerMessage;
        var backgroundStart = time.GetUtcNow() - TimeSpan.FromMilliseconds(batches);
        var messages = encoder.EncodeBackground(options.Events, options.EventsPerMessage, backgroundStart, TimeSpan.FromMilliseconds(1));
        probeTime = () => backgroundStart - TimeSpan.FromMilliseconds(1);
        producer = new BenchProducer(kafka, topic) { MaxBacklogEvents = MaxBacklog(messages), ConsumedEvents = () => meter.Received };
        if (producer.MaxBacklogEvents is { } limit)
        {
            await progress.WriteLineAsync($"Backlog limit: at most {limit:N0} events produced ahead of the correlator (half of what the embedded Kafka retains on {options.Partitions} partitions).");
        }
        await progress.WriteLineAsync($"Encoded {options.Events:N0} events into {messages.Count:N0} signed batches in {encodeClock.Elapsed.TotalSeconds:F1} s; " +
            $"{rules.DetectionRules.Count} detection and {rules.CorrelationRules.Count} correlation rules; topic {topic}, database {clickHouse.Database}.");

        var ingest = new IngestOptions
        {
            Trust = IngestTrust.Signed,
            Keys = partners.Select(p => new IngestKeyOptions { Partner = p.Id, KeyId = BenchPartner.KeyId, Secret = p.Secret, Country = p.Country }).ToList(),
        };
        var correlator = new CorrelatorOptions
        {
            GroupId = "bench-" + runId,
            Topic = topic,
            BatchMaxEvents = options.BatchMaxEvents,
            BatchLinger = options.BatchLinger,
            StoreBatchEvents = options.StoreBatchEvents,
            StoreLinger = options.StoreLinger,
            // Correlation waits the allowed lateness for stragglers; early firing lets lower bounds alert without waiting.
            Lateness = options.Lateness,
            EarlyFiring = options.EarlyFiring,
            EarlyFiringHorizon = options.EarlyFiringHorizon,
            IdleTimeout = TimeSpan.FromSeconds(1),
        };
        earlyHorizon = correlator.EarlyHorizon;
        // The runner applied the schema when it created the run's database.
        pipeline = CorrelatorSetup.Create(new CorrelatorSettings(kafka, clickHouse, correlator, ingest), rules, NullLogger.Instance, time);
        pipeline.AlertsCommitted += alerts =>
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var alert in alerts)
            {
                probes.Alerted(alert.GroupKey, now);
            }
        };
        pipeline.AlertsRaised += alerts =>
        {
            var now = Stopwatch.GetTimestamp();
            foreach (var alert in alerts)
            {
                probes.Raised(alert.GroupKey, now);
            }
        };
        pipeline.BatchCommitted += _ => Interlocked.Exchange(ref lastCommitAt, Stopwatch.GetTimestamp());

        using var stopPipeline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stopBackground = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sql = new ScheduledSqlBaseline(writer, clickHouse.Database, options.SqlPeriod, probes, runStart);
        var poller = new QueryablePoller(writer, clickHouse.Database, () => Phase == "peak" ? options.PeakQueryablePollInterval : options.QueryablePollInterval, probes);
        var reporter = new ProgressReporter(progress, () => producer.SentEvents, meter, () => Phase,
            () => $"alerts {pipeline.Totals.Alerts:N0}  probes alerted {probes.Alerts(Phase)}/{probes.Sent(Phase)}", runStart);
        using var stopSampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        memory = new MemorySampler(writer, () => Phase, meter.Buffered, TimeSpan.FromMilliseconds(500));
        var sampling = memory.RunAsync(stopSampling.Token);
        var gcLog = new GcLog(() => Phase, TimeSpan.FromMilliseconds(5));
        var gcLogging = gcLog.RunAsync(stopSampling.Token);
        running = pipeline.RunAsync(stopPipeline.Token);
        Task[] background = [sql.RunAsync(stopBackground.Token), poller.RunAsync(stopBackground.Token), reporter.RunAsync(stopBackground.Token)];
        PeakFigures peak;
        StageCpu stageCpu;
        double ceilingSeconds;
        long ceilingEvents;
        double rawSeconds;
        long rawMessages;
        long rawEvents;
        LoadFigures load;
        List<Message<byte[]?, byte[]>> profiled;
        try
        {
            await WarmUpAsync(backgroundStart, cancellationToken);
            sql.Phase = "peak";

            // Only the profile's slice is kept past the peak, and the peak lets each batch go once it is produced:
            // holding the whole pre-encoded backlog was a sixth of the run's peak resident set (harness memory, not
            // the correlator's). The storage ceiling encodes batches of the same shape again, one round at a time.
            profiled = messages.Take(StageProfile.MaxEvents / options.EventsPerMessage + 1).ToList();
            peak = await PeakAsync(messages, cancellationToken);
            messages = null!;

            Phase = "raw";
            sql.Phase = "raw";
            var before = Snapshot();
            var produced = producer.SentMessages;
            (rawMessages, rawSeconds) = await Task.Run(() => RawConsumeBaseline.Run(kafka, topic, produced, options.PhaseTimeout, cancellationToken), cancellationToken);
            // Messages the broker already deleted are not read; the ones read carry the run's average events.
            rawEvents = (long)Math.Round((double)producer.SentEvents * rawMessages / Math.Max(1, produced));
            Record("raw consume", before);
            var deleted = produced - rawMessages;
            await progress.WriteLineAsync($"Raw consume: {rawEvents:N0} events in {rawMessages:N0} messages in {rawSeconds:F2} s = {rawEvents / rawSeconds:N0} events/s" +
                (deleted > 0 ? $" ({deleted:N0} of {produced:N0} messages were already deleted by the broker's retention)." : "."));

            sql.Phase = "load";
            var target = options.Rate <= 1 ? options.Rate * peak.EndToEndRate : options.Rate;
            // Fresh batches for the load phase, with ids of their own. Re-sending the background
            // batches would be redeliveries, which the correlator stores once (an event id is stored once).
            var loadEvents = (int)Math.Clamp(target * options.LatencyDuration.TotalSeconds * 1.2, options.EventsPerMessage, 20_000_000);
            // Encoded as the paced producer sends them (a 500-event batch takes well under a millisecond, a few per cent
            // of one core at this rate), each stamped with the moment it is due, so the phase holds one batch at a time.
            var full = encoder.StreamToProducer(loadEvents, options.EventsPerMessage, time.GetUtcNow(), TimeSpan.FromSeconds(options.EventsPerMessage / target));
            load = await LoadAsync(full, target, cancellationToken);
            await FinalSqlRunAsync(sql, cancellationToken);
        }
        finally
        {
            await stopBackground.CancelAsync();
            await Task.WhenAll(background);
            await stopPipeline.CancelAsync();
            await running;
        }

        var (groups, stateBytes) = meter.State();
        var early = meter.Early();

        // The count the report prints comes from ClickHouse, not from the correlator's own counter.
        var counted = await writer.QueryAsync($"SELECT count() FROM {clickHouse.Database}.events", cancellationToken);
        var storedInClickHouse = long.Parse(counted[0][0], System.Globalization.CultureInfo.InvariantCulture);
        await progress.WriteLineAsync($"ClickHouse holds {storedInClickHouse:N0} of the {producer.SentEvents:N0} events produced.");

        // With the correlator and the background queries stopped, so nothing else competes for the cores.
        Phase = "profile";
        var decoder = new IngestDecoder(ingest.BuildKeyRing(), new IngestDecoderOptions { Trust = IngestTrust.Signed });
        stageCpu = StageProfile.Measure(profiled, decoder, rules, correlator.Lateness, correlator.EarlyFiring, earlyHorizon) with
        {
            PipelineThreadUs = usage.FirstOrDefault(u => u.Phase == PeakPhase)?.ThreadGroups.FirstOrDefault(g => g.Group == CorrelatorPipeline.LoopThreadName) is { } loop && peak.StoredEvents > 0
                ? Math.Round(loop.CpuSeconds * 1e6 / peak.StoredEvents, 2)
                : null,
        };
        profiled.Clear();
        Phase = "ceiling";
        await progress.WriteLineAsync($"Correlator CPU per event (one core, storage excluded): decode {stageCpu.DecodeUs:F2} µs, detect {stageCpu.DetectUs:F2} µs, correlate {stageCpu.CorrelateUs:F2} µs; the correlator's thread in the peak: {stageCpu.PipelineThreadUs:F2} µs.");
        var beforeCeiling = Snapshot();
        var again = encoder.StreamBackground(options.Events, options.EventsPerMessage, time.GetUtcNow() - TimeSpan.FromMilliseconds(batches), TimeSpan.FromMilliseconds(1));
        (ceilingEvents, ceilingSeconds) = await StorageCeilingBaseline.RunAsync(writer, clickHouse.Database, again, decoder, options.Partitions, correlator.StoreBatchEvents, runId, time, cancellationToken);
        Record("storage ceiling", beforeCeiling);
        await memory.SampleAsync(cancellationToken);
        await stopSampling.CancelAsync();
        await sampling;
        await gcLogging;
        await progress.WriteLineAsync($"Storage ceiling: {ceilingEvents:N0} events into {clickHouse.Database}.events in {ceilingSeconds:F2} s = {ceilingEvents / ceilingSeconds:N0} events/s.");

        var report = BuildReport(startedAt, rules, peak, rawEvents, rawMessages, rawSeconds, load, sql, reporter.Samples, stageCpu, ceilingEvents, ceilingSeconds);
        report = report with { ProducedEvents = producer.SentEvents, StoredInClickHouse = storedInClickHouse, BacklogLimitEvents = producer.MaxBacklogEvents, BacklogWaits = producer.BacklogWaits, StateGroups = groups, StateBytes = stateBytes, EarlyAlerts = early.Raised, EarlyRevised = early.Revised, EarlyUnmatched = early.Unmatched, Memory = memory.Peaks, Collections = gcLog.Records, LoadCollections =
        [
            GcLog.Window(gcLog.Records, "load", 0, 3, "load, first 3 s"),
            GcLog.Window(gcLog.Records, "load", 3, double.MaxValue, "load, after 3 s"),
        ] };
        return report with { Markdown = MarkdownWriter.Write(report) };
    }

    /// <summary>
    /// Half the embedded Kafka's retained bytes, in events of this workload's size (uncompressed, so conservative);
    /// the other half absorbs partitions that fill unevenly. None for a Kafka the bench did not start.
    /// </summary>
    private long? MaxBacklog(List<Message<byte[]?, byte[]>> messages)
    {
        if (!EmbeddedKafka || messages.Count == 0)
        {
            return null;
        }

        var bytesPerEvent = (double)messages.Sum(m => (long)m.Value.Length) / Math.Max(1, options.Events);
        var retained = options.Partitions * CyberAgg.Embedded.Kafka.EmbeddedKafkaOptions.RetainedBytesPerPartition;
        return Math.Max(options.EventsPerMessage * 4L, (long)(retained / 2 / bytesPerEvent));
    }

    /// <summary>
    /// The warm-up workload end to end, then rounds of a quarter of it until the JIT settles (see
    /// <see cref="BenchOptions.WarmupRounds"/>), then one probe: proves the group has joined and every stage works, and
    /// lets the JIT tier up the hot paths before anything is timed (the storage ceiling, measured last, runs warm too).
    /// Every round's batches are stamped 1 ms apart after the previous round's and before the background and the probe.
    /// </summary>
    private async Task WarmUpAsync(DateTimeOffset backgroundStart, CancellationToken cancellationToken)
    {
        Phase = "warmup";
        var before = Snapshot();
        var clock = Stopwatch.StartNew();
        var first = options.WarmupEventsOrDefault;
        var more = first == 0 ? 0 : Math.Max(options.EventsPerMessage, first / 4);
        var at = backgroundStart - TimeSpan.FromMilliseconds(Batches(first) + (options.WarmupRounds * Batches(more)) + 2);
        var rounds = 0;
        var events = 0L;
        long compiled = 0;
        for (var size = first; size > 0 && rounds <= options.WarmupRounds; size = more)
        {
            var jit = System.Runtime.JitInfo.GetCompiledMethodCount();
            var round = encoder.StreamToProducer(size, options.EventsPerMessage, at, TimeSpan.FromMilliseconds(1), WorkloadEncoder.WarmupIp);
            await Task.Run(() => producer.ProduceAll(round, options.EventsPerMessage, size, cancellationToken), cancellationToken);
            at += TimeSpan.FromMilliseconds(Batches(size));
            await SettledAsync(at - TimeSpan.FromMilliseconds(1), "the warm-up's round " + (rounds + 1), cancellationToken);
            compiled = System.Runtime.JitInfo.GetCompiledMethodCount() - jit;
            rounds++;
            events += size;
            await progress.WriteLineAsync($"Warm-up round {rounds}: {size:N0} events stored and correlated; {compiled:N0} methods compiled meanwhile.");
            if (compiled < BenchOptions.SettledJitMethods)
            {
                break;
            }
        }

        SendProbe("warmup");
        await WaitAsync(() => probes.Alerts("warmup") == 1, options.PhaseTimeout, "the warm-up probe to raise its alert", cancellationToken);
        await SettledAsync(probeTime(), "the warm-up probe", cancellationToken);
        Record("warm-up", before);
        warmupProduced = events;
        var jitNote = rounds == 0 ? "" : compiled < BenchOptions.SettledJitMethods
            ? $"; the JIT settled ({compiled:N0} methods compiled in the last round)"
            : $"; the JIT had not settled ({compiled:N0} methods compiled in the last round; --warmup-rounds sets the limit)";
        await progress.WriteLineAsync($"Warm-up: {events:N0} events in {rounds} round(s) and one probe stored and correlated in {clock.Elapsed.TotalSeconds:F1} s; {pipeline.Totals.Alerts:N0} alerts{jitNote}.");
    }

    /// <summary>
    /// Waits until everything produced is stored and the watermark has passed <paramref name="last"/> (it does once every
    /// partition is idle), so the correlation of what was sent is done too, not left to the phase that follows.
    /// </summary>
    private async Task SettledAsync(DateTimeOffset last, string what, CancellationToken cancellationToken)
    {
        await WaitAsync(() => meter.Stored >= producer.SentEvents, options.PhaseTimeout, what + " to be stored", cancellationToken);
        await WaitAsync(() => pipeline.Watermark >= last, options.PhaseTimeout, "the watermark to pass " + what + " (it does once every partition is idle)", cancellationToken);
    }

    private int Batches(int events) => (events + options.EventsPerMessage - 1) / options.EventsPerMessage;

    private async Task FinalSqlRunAsync(ScheduledSqlBaseline sql, CancellationToken cancellationToken)
    {
        // Give every probe one scheduled query that starts after it was stored, so no SQL latency is cut short.
        var runs = sql.Runs.Count;
        await WaitAsync(() => sql.Runs.Count >= runs + 1, (options.SqlPeriod * 2) + TimeSpan.FromSeconds(60), "a final scheduled SQL run", cancellationToken);
    }

    private void SendProbe(string probePhase)
    {
        var k = Interlocked.Increment(ref probeCounter);
        var first = partners[k % partners.Count];
        var second = partners[(k + 1) % partners.Count];
        var ip = WorkloadEncoder.ProbeIp(k);
        var at = probeTime();
        Message<byte[]?, byte[]>[] pair = [encoder.EncodeProbe(first, ip, at), encoder.EncodeProbe(second, ip, at)];
        probes.Sent(ip, probePhase, Stopwatch.GetTimestamp());
        producer.Produce(pair[0], 1);
        producer.Produce(pair[1], 1);
    }

    private async Task ProbeLoopAsync(string probePhase, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.ProbeInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                SendProbe(probePhase);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The phase's probing ends here.
        }
    }

    /// <summary>Polls a condition; fails fast if the pipeline stopped, and with a clear message on timeout.</summary>
    private async Task WaitAsync(Func<bool> done, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            if (running.IsCompleted)
            {
                await running;
                throw new InvalidOperationException($"The correlator stopped while waiting for {what}.");
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:F0} s for {what}; stored {meter.Stored:N0} of {producer.SentEvents:N0} events.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken);
        }
    }

    private static UsageMark Snapshot() =>
        new(Stopwatch.GetTimestamp(), ProcessUsage.CpuTime(), ThreadCpu.Snapshot(), System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());

    private void Record(string name, UsageMark before)
    {
        var after = Snapshot();
        var wall = Stopwatch.GetElapsedTime(before.At, after.At).TotalSeconds;
        var cpu = (after.Cpu - before.Cpu).TotalSeconds;
        var groups = ThreadCpu.Delta(before.Threads, after.Threads);
        usage.Add(new PhaseUsage(name, Math.Round(wall, 2), Math.Round(cpu, 2), Math.Round(cpu / wall, 2), Math.Round(Math.Max(0, cpu - groups.Sum(g => g.CpuSeconds)), 2), groups,
            after.JitMethods - before.JitMethods, Math.Round((after.JitTime - before.JitTime).TotalSeconds, 2)));
    }

    private readonly record struct UsageMark(long At, TimeSpan Cpu, Dictionary<int, (string Group, double Seconds)> Threads, long JitMethods, TimeSpan JitTime);

    public void Dispose()
    {
        pipeline?.Dispose();
        producer?.Dispose();
        writer.Dispose();
        meter.Dispose();
    }
}
