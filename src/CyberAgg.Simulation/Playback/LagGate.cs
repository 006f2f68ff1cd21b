using Confluent.Kafka;
using CyberAgg.Configuration.Kafka;

namespace CyberAgg.Simulation.Playback;

/// <summary>Waits while the correlator's group is too far behind; see <see cref="PlaybackBackpressure"/>.</summary>
internal sealed class LagGate : IDisposable
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromMilliseconds(250);
    private readonly PlaybackBackpressure settings;
    private readonly TimeProvider time;
    private readonly IAdminClient admin;
    private readonly ConsumerLag lag;
    private long lastCheck = long.MinValue;
    private bool behind;

    public LagGate(PlaybackBackpressure settings, string bootstrap, string topic, TimeProvider time)
    {
        this.settings = settings;
        this.time = time;
        admin = KafkaClients.Admin(bootstrap, "scenario player backpressure");
        lag = new ConsumerLag(admin, settings.GroupId, topic);
    }

    private long waits;
    private long sinceCheck;

    /// <summary>Counts records handed to the producer, so a fast player looks again before it overshoots the limit.</summary>
    public void Produced(int records) => Interlocked.Add(ref sinceCheck, records);

    /// <summary>Times playback was held back (a wait is a quarter of a second).</summary>
    public long Waits => Interlocked.Read(ref waits);

    /// <summary>Records behind at the last look (null: not known).</summary>
    public long? LastRecordsBehind { get; private set; }

    /// <summary>
    /// Returns at once while the group keeps up; otherwise waits until it is back under the limit (or cancelled) and
    /// returns how long it waited. <paramref name="meanRecordBytes"/> converts the byte limit into records.
    /// </summary>
    public async Task<TimeSpan> WaitAsync(double meanRecordBytes, Action onHeld, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        var limit = Math.Max(1, (long)(settings.MaxBytesBehind / Math.Max(1, meanRecordBytes)));
        while (!cancellationToken.IsCancellationRequested)
        {
            // Between looks, what was produced since the last one is added to the lag it found.
            var estimate = (LastRecordsBehind ?? 0) + Interlocked.Read(ref sinceCheck);
            if (!behind && lastCheck != long.MinValue && estimate <= limit && time.GetElapsedTime(lastCheck) < CheckEvery)
            {
                return waited;
            }

            lastCheck = time.GetTimestamp();
            Interlocked.Exchange(ref sinceCheck, 0);
            LastRecordsBehind = await lag.RecordsBehindAsync(cancellationToken);
            // Not known (the brokers did not answer): keep the last verdict rather than flood or stall on a guess.
            behind = LastRecordsBehind is { } records ? records > limit : behind;
            if (!behind)
            {
                return waited;
            }

            if (Interlocked.Increment(ref waits) % 4 == 1)
            {
                onHeld();
            }

            var start = time.GetTimestamp();
            await Task.Delay(CheckEvery, time, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            waited += time.GetElapsedTime(start);
        }

        return waited;
    }

    public void Dispose() => admin.Dispose();
}
