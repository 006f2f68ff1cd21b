using System.Globalization;
using Confluent.Kafka;
using CyberAgg.Events;
using CyberAgg.Events.Ingest;
using CyberAgg.Events.Wire;

namespace CyberAgg.Bench.Workload;

/// <summary>
/// Pre-encodes the workload as signed agent batches, so producing costs one memcpy per message and the produce
/// stage is not what the benchmark measures.
/// </summary>
internal sealed class WorkloadEncoder(IReadOnlyList<BenchPartner> partners, int indicators, int seed = 42)
{
    private readonly Random random = new(seed);
    private long sequence;

    /// <summary>A background indicator: public addresses in 45.0.0.0/8, never colliding with probes.</summary>
    public static string BackgroundIp(int i) => string.Create(CultureInfo.InvariantCulture, $"45.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}");

    /// <summary>A warm-up indicator: public addresses in 46.0.0.0/8, never shared with the background or probes.</summary>
    public static string WarmupIp(int i) => string.Create(CultureInfo.InvariantCulture, $"46.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}");

    /// <summary>A probe indicator: public addresses in 185.0.0.0/8, fresh per probe.</summary>
    public static string ProbeIp(int i) => string.Create(CultureInfo.InvariantCulture, $"185.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}");

    /// <summary>
    /// Encodes <paramref name="events"/> flagged events in batches of <paramref name="perMessage"/>, round-robin over
    /// partners; batch k is stamped <paramref name="firstTime"/> + k × <paramref name="spacing"/>, so event time moves
    /// on through the stream as it does with real sensors (one instant for a whole run would hold every watermark
    /// at that instant until the partitions go idle).
    /// </summary>
    public List<Message<byte[]?, byte[]>> EncodeBackground(int events, int perMessage, DateTimeOffset firstTime, TimeSpan spacing)
    {
        var messages = new List<Message<byte[]?, byte[]>>((events + perMessage - 1) / perMessage);
        messages.AddRange(StreamBackground(events, perMessage, firstTime, spacing));
        return messages;
    }

    /// <summary>
    /// The same batches as <see cref="EncodeBackground"/>, encoded one at a time as they are read, so a phase that
    /// goes through them once holds one batch instead of all of them. <paramref name="indicator"/> names the source IP
    /// of indicator i (<see cref="BackgroundIp"/> when null).
    /// </summary>
    public IEnumerable<Message<byte[]?, byte[]>> StreamBackground(int events, int perMessage, DateTimeOffset firstTime, TimeSpan spacing, Func<int, string>? indicator = null) =>
        Stream(events, perMessage, firstTime, spacing, indicator, static batch => batch.ToArray());

    /// <summary>
    /// The batches of <see cref="StreamBackground"/> for a producer that sends each one before it reads the next: a
    /// value may be the array of an earlier value of the same length, overwritten (the Kafka client copies a value
    /// when it is produced). Batches of one workload differ in length by a few bytes, so a phase allocates a few
    /// arrays instead of one ~87 KB array per message on the large object heap, which the load phase left as ~150 MB
    /// of garbage for a gen2 collection to find, counted in its resident set.
    /// </summary>
    public IEnumerable<Message<byte[]?, byte[]>> StreamToProducer(int events, int perMessage, DateTimeOffset firstTime, TimeSpan spacing, Func<int, string>? indicator = null)
    {
        var arrays = new Dictionary<int, byte[]>();
        return Stream(events, perMessage, firstTime, spacing, indicator, batch =>
        {
            if (!arrays.TryGetValue(batch.Length, out var array))
            {
                arrays[batch.Length] = array = new byte[batch.Length];
            }

            batch.Span.CopyTo(array);
            return array;
        });
    }

    private IEnumerable<Message<byte[]?, byte[]>> Stream(
        int events, int perMessage, DateTimeOffset firstTime, TimeSpan spacing, Func<int, string>? indicator, Func<ReadOnlyMemory<byte>, byte[]> toArray)
    {
        var ipOf = indicator ?? BackgroundIp;
        var writers = partners.Select(p => new BatchWriter(p.Key, p.Country, "bench-sensor")).ToArray();
        try
        {
            var remaining = events;
            var evt = new SecurityEvent();
            for (var k = 0; remaining > 0; k++)
            {
                var index = k % partners.Count;
                var writer = writers[index];
                var eventTime = firstTime + (spacing * k);
                writer.Begin(eventTime);
                var count = Math.Min(perMessage, remaining);
                for (var i = 0; i < count; i++)
                {
                    Fill(evt, partners[index], ipOf(random.Next(indicators)), eventTime);
                    writer.Add(evt);
                }

                remaining -= count;
                yield return ToMessage(partners[index], toArray(writer.Complete()));
            }
        }
        finally
        {
            foreach (var writer in writers)
            {
                writer.Dispose();
            }
        }
    }

    /// <summary>One single-event batch of a partner naming <paramref name="ip"/>; a probe is two of these from two countries.</summary>
    public Message<byte[]?, byte[]> EncodeProbe(BenchPartner partner, string ip, DateTimeOffset eventTime)
    {
        using var writer = new BatchWriter(partner.Key, partner.Country, "bench-probe");
        writer.Begin(eventTime);
        var evt = new SecurityEvent();
        Fill(evt, partner, ip, eventTime);
        writer.Add(evt);
        return ToMessage(partner, writer.Complete().ToArray());
    }

    private void Fill(SecurityEvent evt, BenchPartner partner, string ip, DateTimeOffset eventTime)
    {
        var n = Interlocked.Increment(ref sequence);
        evt.Timestamp = eventTime;
        evt.Partner = partner.Id;
        evt.Country = partner.Country;
        evt.ObserverName = "bench-sensor";
        evt.EventId = n.ToString("x32", CultureInfo.InvariantCulture);
        evt.Kind = "alert";
        evt.Category = "network";
        evt.Action = "blocked";
        evt.Severity = 5;
        evt.SourceIp = ip;
        evt.SourcePort = 40_000 + (int)(n % 20_000);
        evt.DestinationIp = "10.20.30.40";
        evt.DestinationPort = 443;
        evt.NetworkTransport = "tcp";
        evt.Message = "Inbound connection blocked by perimeter IPS signature";
    }

    private static Message<byte[]?, byte[]> ToMessage(BenchPartner partner, byte[] value) => new()
    {
        Key = null,
        Value = value,
        Headers = new Headers
        {
            { KafkaHeaderNames.ContentType, "application/vnd.cyberagg.batch.v1"u8.ToArray() },
            { KafkaHeaderNames.Schema, "cyberagg.events.v1"u8.ToArray() },
            { KafkaHeaderNames.Partner, System.Text.Encoding.UTF8.GetBytes(partner.Id) },
        },
    };
}
