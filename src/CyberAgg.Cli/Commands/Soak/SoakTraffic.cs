using System.Globalization;
using System.Text;
using Confluent.Kafka;
using CyberAgg.Configuration.Kafka;
using CyberAgg.Events;
using CyberAgg.Events.Ingest;
using CyberAgg.Events.Wire;

namespace CyberAgg.Cli.Commands.Soak;

/// <summary>
/// The soak's mixed traffic on <c>cyberagg.events.v1</c>: signed agent batches, third-party JSON, poison messages,
/// replays of acknowledged batches and a cross-border indicator every few seconds. It records only what Kafka
/// acknowledged, since that is what the storage promise covers.
/// </summary>
internal sealed class SoakTraffic : IDisposable
{
    /// <summary>Background events per signed batch.</summary>
    public const int EventsPerBatch = 50;

    /// <summary>The partner of the third-party JSON (no ingest key: accepted as it claims to be in open trust).</summary>
    public const string ThirdPartyPartner = "se-vendor";

    private readonly IProducer<string, byte[]> producer;
    private readonly IReadOnlyList<SoakPartner> partners;
    private readonly TimeProvider time;
    private readonly string topic;
    private readonly string runId;
    private readonly Random random;
    private readonly Lock gate = new();
    private readonly HashSet<string> acked = new(StringComparer.Ordinal);
    private readonly List<SoakPoison> poisons = [];
    private readonly List<string> indicators = [];
    private readonly List<Task> inFlight = [];
    private Message<string, byte[]>? lastAckedBatch;
    private long sequence;
    private long tick;
    private int replays;
    private int failedDeliveries;

    public SoakTraffic(string bootstrap, string topic, IReadOnlyList<SoakPartner> partners, TimeProvider time, int seed)
    {
        this.topic = topic;
        this.partners = partners;
        this.time = time;
        random = new Random(seed);
        runId = seed.ToString("x", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];
        // A broker outage lasts seconds: reliable deliveries wait it out rather than fail, and the shared handlers keep
        // librdkafka's connection lines out of the report.
        producer = KafkaClients.Producer<string>(KafkaClients.Reliable(bootstrap, lingerMs: 5), "soak traffic");
    }

    /// <summary>Event ids whose message Kafka acknowledged.</summary>
    public IReadOnlyCollection<string> AckedEventIds
    {
        get
        {
            lock (gate)
            {
                return acked.ToArray();
            }
        }
    }

    /// <summary>Poison messages Kafka acknowledged, with where they landed.</summary>
    public IReadOnlyList<SoakPoison> Poisons
    {
        get
        {
            lock (gate)
            {
                return poisons.ToArray();
            }
        }
    }

    /// <summary>Indicators both of whose sightings (two countries) were acknowledged: each must raise one alert.</summary>
    public IReadOnlyList<string> Indicators
    {
        get
        {
            lock (gate)
            {
                return indicators.ToArray();
            }
        }
    }

    /// <summary>Acknowledged batches produced again, byte for byte.</summary>
    public int Replays => Volatile.Read(ref replays);

    /// <summary>Messages Kafka did not acknowledge (not covered by the promise; counted for the report).</summary>
    public int FailedDeliveries => Volatile.Read(ref failedDeliveries);

    /// <summary>The prefix of every event id of this run.</summary>
    public string IdPrefix => "soak-" + runId + "-";

    /// <summary>One tenth of a second of traffic at <paramref name="rate"/> events per second.</summary>
    public void Tick(int rate)
    {
        var n = tick++;
        var now = time.GetUtcNow();
        var events = Math.Max(1, rate / 10);
        for (var sent = 0; sent < events; sent += EventsPerBatch)
        {
            var partner = partners[(int)(sequence / EventsPerBatch % partners.Count)];
            SendBatch(partner, Math.Min(EventsPerBatch, events - sent), now);
        }

        if (n % 10 == 0)
        {
            SendThirdParty(now);
        }

        if (n % 20 == 5)
        {
            SendPoison((int)(n / 20 % 3), now);
        }

        if (n % 30 == 15)
        {
            SendIndicator(now);
        }

        if (n % 50 == 25)
        {
            Replay();
        }

        lock (gate)
        {
            inFlight.RemoveAll(t => t.IsCompleted);
        }
    }

    /// <summary>Waits for every delivery report.</summary>
    public async Task FlushAsync()
    {
        Task[] pending;
        lock (gate)
        {
            pending = inFlight.ToArray();
        }

        await Task.WhenAll(pending);
        producer.Flush(TimeSpan.FromSeconds(30));
    }

    public void Dispose() => producer.Dispose();

    private void SendBatch(SoakPartner partner, int count, DateTimeOffset now)
    {
        var ids = new List<string>(count);
        using var writer = new BatchWriter(partner.Key, partner.Country, partner.Id + "-sensor");
        writer.Begin(now);
        var evt = new SecurityEvent();
        for (var i = 0; i < count; i++)
        {
            var id = NextId();
            Fill(evt, partner, id, BackgroundIp(partner, random.Next(4096)), now, flagged: random.Next(4) == 0);
            writer.Add(evt);
            ids.Add(id);
        }

        var message = BatchMessage(partner, writer.Complete().ToArray(), random.Next(8));
        Deliver(message, ids, onAck: () => lastAckedBatch = message);
    }

    private void SendThirdParty(DateTimeOffset now)
    {
        var id = NextId();
        var json = string.Create(
            CultureInfo.InvariantCulture,
            $$$"""{"@timestamp":"{{{now.UtcDateTime:O}}}","event":{"id":"{{{id}}}","kind":"event","category":"network"},"observer":{"partner":"{{{ThirdPartyPartner}}}","country":"SE","vendor":"acme"},"source":{"ip":"46.{{{random.Next(256)}}}.{{{random.Next(256)}}}.1"}}""");
        var message = new Message<string, byte[]> { Key = ThirdPartyPartner, Value = Encoding.UTF8.GetBytes(json) };
        message.Headers = new Headers { { KafkaHeaderNames.ContentType, Encoding.UTF8.GetBytes(ContentTypes.Json) } };
        Deliver(message, [id]);
    }

    private void SendPoison(int kind, DateTimeOffset now)
    {
        var partner = partners[kind % partners.Count];
        Message<string, byte[]> message;
        string what;
        switch (kind)
        {
            case 0:
                what = "truncated JSON";
                message = new Message<string, byte[]> { Key = ThirdPartyPartner, Value = Encoding.UTF8.GetBytes("""{"@timestamp":"2026-12-01T10:00:00Z","event":{"id":"x""") };
                message.Headers = new Headers { { KafkaHeaderNames.ContentType, Encoding.UTF8.GetBytes(ContentTypes.Json) } };
                break;
            case 1:
                what = "batch with a broken signature";
                using (var writer = new BatchWriter(partner.Key, partner.Country, partner.Id + "-sensor"))
                {
                    writer.Begin(now);
                    var evt = new SecurityEvent();
                    // Never acknowledged as stored: the id is outside the run's prefix, so it cannot count as stored.
                    Fill(evt, partner, "poison-" + runId + "-" + Interlocked.Increment(ref sequence), BackgroundIp(partner, 1), now, flagged: true);
                    writer.Add(evt);
                    var bytes = writer.Complete().ToArray();
                    bytes[^1] ^= 0x5A;
                    message = BatchMessage(partner, bytes, 0);
                }

                break;
            default:
                what = "garbage with the batch content type";
                var garbage = new byte[64 + random.Next(512)];
                random.NextBytes(garbage);
                message = BatchMessage(partner, garbage, 1);
                break;
        }

        lock (gate)
        {
            inFlight.Add(producer.ProduceAsync(topic, message).ContinueWith(
                t =>
                {
                    if (t.IsCompletedSuccessfully)
                    {
                        lock (gate)
                        {
                            poisons.Add(new SoakPoison(t.Result.Partition.Value, t.Result.Offset.Value, what));
                        }
                    }
                    else
                    {
                        Interlocked.Increment(ref failedDeliveries);
                    }
                },
                TaskScheduler.Default));
        }
    }

    private void SendIndicator(DateTimeOffset now)
    {
        var n = Interlocked.Increment(ref sequence);
        var ip = string.Create(CultureInfo.InvariantCulture, $"198.18.{(n >> 8) & 255}.{n & 255}");
        var sightings = new List<Task<bool>>();
        foreach (var partner in partners.Take(2))
        {
            using var writer = new BatchWriter(partner.Key, partner.Country, partner.Id + "-sensor");
            writer.Begin(now);
            var evt = new SecurityEvent();
            var id = NextId();
            Fill(evt, partner, id, ip, now, flagged: true);
            writer.Add(evt);
            sightings.Add(Deliver(BatchMessage(partner, writer.Complete().ToArray(), random.Next(8)), [id]));
        }

        lock (gate)
        {
            inFlight.Add(Task.WhenAll(sightings).ContinueWith(
                t =>
                {
                    if (t.IsCompletedSuccessfully && t.Result.All(ok => ok))
                    {
                        lock (gate)
                        {
                            indicators.Add(ip);
                        }
                    }
                },
                TaskScheduler.Default));
        }
    }

    private void Replay()
    {
        Message<string, byte[]>? message;
        lock (gate)
        {
            message = lastAckedBatch;
        }

        if (message is null)
        {
            return;
        }

        Interlocked.Increment(ref replays);
        Deliver(message, []);
    }

    private Task<bool> Deliver(Message<string, byte[]> message, List<string> ids, Action? onAck = null)
    {
        var delivery = producer.ProduceAsync(topic, message).ContinueWith(
            t =>
            {
                if (!t.IsCompletedSuccessfully)
                {
                    Interlocked.Increment(ref failedDeliveries);
                    return false;
                }

                lock (gate)
                {
                    acked.UnionWith(ids);
                    onAck?.Invoke();
                }

                return true;
            },
            TaskScheduler.Default);
        lock (gate)
        {
            inFlight.Add(delivery);
        }

        return delivery;
    }

    private string NextId() => IdPrefix + Interlocked.Increment(ref sequence).ToString("x", CultureInfo.InvariantCulture);

    private static string BackgroundIp(SoakPartner partner, int i) =>
        string.Create(CultureInfo.InvariantCulture, $"45.{partner.Index}.{(i >> 8) & 255}.{i & 255}");

    private static void Fill(SecurityEvent evt, SoakPartner partner, string id, string ip, DateTimeOffset at, bool flagged)
    {
        evt.Timestamp = at;
        evt.Partner = partner.Id;
        evt.Country = partner.Country;
        evt.ObserverName = partner.Id + "-sensor";
        evt.EventId = id;
        evt.Kind = flagged ? "alert" : "event";
        evt.Category = "network";
        evt.Severity = flagged ? 6 : 1;
        evt.SourceIp = ip;
    }

    private static Message<string, byte[]> BatchMessage(SoakPartner partner, byte[] value, int sensor) => new()
    {
        Key = partner.Id + "-sensor-" + sensor.ToString(CultureInfo.InvariantCulture),
        Value = value,
        Headers = new Headers
        {
            { KafkaHeaderNames.ContentType, Encoding.UTF8.GetBytes(ContentTypes.Batch) },
            { KafkaHeaderNames.Schema, Encoding.UTF8.GetBytes(SchemaVersions.EventsV1) },
            { KafkaHeaderNames.Partner, Encoding.UTF8.GetBytes(partner.Id) },
        },
    };
}
