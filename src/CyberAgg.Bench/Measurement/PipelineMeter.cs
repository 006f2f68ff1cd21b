using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using CyberAgg.Correlator.Telemetry;

namespace CyberAgg.Bench.Measurement;

/// <summary>
/// Listens to the correlator's own instruments (<c>CyberAgg.Correlator</c>): events received and stored, and the
/// per-batch <c>cyberagg.correlator.stage.duration</c> histogram, summed per stage as the in-process profile.
/// </summary>
internal sealed class PipelineMeter : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<string, StageTime> stages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<double>> alertDurability = new(StringComparer.Ordinal);
    private long received;
    private long stored;
    private long lastReceivedAt;
    private long stateGroups;
    private long stateBytes;
    private long buffered;
    private long earlyRaised;
    private long earlyRevised;
    private long earlyUnmatched;
    private volatile bool samplingAlertDurability;

    public PipelineMeter()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == CorrelatorInstrumentation.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>(OnLong);
        listener.SetMeasurementEventCallback<double>(OnDouble);
        listener.Start();
    }

    public long Received => Interlocked.Read(ref received);

    public long Stored => Interlocked.Read(ref stored);

    /// <summary>Stopwatch timestamp of the last decoded message.</summary>
    public long LastReceivedAt => Interlocked.Read(ref lastReceivedAt);

    /// <summary>The correlation state the correlator last reported: open groups and their approximate bytes.</summary>
    public (long Groups, long Bytes) State()
    {
        listener.RecordObservableInstruments();
        return (Interlocked.Read(ref stateGroups), Interlocked.Read(ref stateBytes));
    }

    /// <summary>Early firing as the correlator last reported it: alerts raised early, and of those revised or unmatched.</summary>
    public (long Raised, long Revised, long Unmatched) Early()
    {
        listener.RecordObservableInstruments();
        return (Interlocked.Read(ref earlyRaised), Interlocked.Read(ref earlyRevised), Interlocked.Read(ref earlyUnmatched));
    }

    /// <summary>Events the correlator holds for the watermark now (decoded, waiting to be correlated in order).</summary>
    public long Buffered()
    {
        listener.RecordObservableInstruments();
        return Interlocked.Read(ref buffered);
    }

    /// <summary>Seconds and batches per stage so far.</summary>
    public IReadOnlyDictionary<string, (double Seconds, long Batches)> Stages =>
        stages.ToDictionary(p => p.Key, p => (p.Value.Seconds, p.Value.Batches), StringComparer.Ordinal);

    private void OnLong(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (ReferenceEquals(instrument, CorrelatorInstrumentation.EventsReceived))
        {
            Interlocked.Add(ref received, value);
            Interlocked.Exchange(ref lastReceivedAt, System.Diagnostics.Stopwatch.GetTimestamp());
        }
        else if (ReferenceEquals(instrument, CorrelatorInstrumentation.EventsStored))
        {
            Interlocked.Add(ref stored, value);
        }
        else if (ReferenceEquals(instrument, CorrelatorInstrumentation.StateGroups))
        {
            Interlocked.Exchange(ref stateGroups, value);
        }
        else if (ReferenceEquals(instrument, CorrelatorInstrumentation.StateBytes))
        {
            Interlocked.Exchange(ref stateBytes, value);
        }
        else if (ReferenceEquals(instrument, CorrelatorInstrumentation.BufferedEvents))
        {
            Interlocked.Exchange(ref buffered, value);
        }
        else if (ReferenceEquals(instrument, CorrelatorInstrumentation.EarlyAlerts))
        {
            foreach (var tag in tags)
            {
                if (tag.Key == CorrelatorInstrumentation.Tags.Outcome)
                {
                    switch (tag.Value as string)
                    {
                        case "revised":
                            Interlocked.Exchange(ref earlyRevised, value);
                            break;
                        case "unmatched":
                            Interlocked.Exchange(ref earlyUnmatched, value);
                            break;
                        case "raised":
                            Interlocked.Exchange(ref earlyRaised, value);
                            break;
                    }
                }
            }
        }
    }

    /// <summary>While true, each alert batch's time to durability is kept per sink (the load phase sets it).</summary>
    public bool SamplingAlertDurability
    {
        get => samplingAlertDurability;
        set => samplingAlertDurability = value;
    }

    /// <summary>Milliseconds each alert batch took to be durable in each sink while sampling, by sink.</summary>
    public IReadOnlyDictionary<string, double[]> AlertDurabilityMs() =>
        alertDurability.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);

    private void OnDouble(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (ReferenceEquals(instrument, CorrelatorInstrumentation.AlertDurability))
        {
            if (SamplingAlertDurability)
            {
                var sink = "other";
                foreach (var tag in tags)
                {
                    if (tag.Key == CorrelatorInstrumentation.Tags.Sink)
                    {
                        sink = tag.Value as string ?? sink;
                    }
                }

                alertDurability.GetOrAdd(sink, _ => new ConcurrentQueue<double>()).Enqueue(value * 1000);
            }

            return;
        }

        if (!ReferenceEquals(instrument, CorrelatorInstrumentation.StageDuration))
        {
            return;
        }

        var stage = "other";
        foreach (var tag in tags)
        {
            if (tag.Key == CorrelatorInstrumentation.Tags.Stage)
            {
                stage = tag.Value as string ?? stage;
            }
        }

        stages.GetOrAdd(stage, _ => new StageTime()).Add(value);
    }

    public void Dispose() => listener.Dispose();

    private sealed class StageTime
    {
        private readonly Lock gate = new();

        public double Seconds { get; private set; }

        public long Batches { get; private set; }

        public void Add(double seconds)
        {
            lock (gate)
            {
                Seconds += seconds;
                Batches++;
            }
        }
    }
}
