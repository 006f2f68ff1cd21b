using System.Diagnostics;
using CyberAgg.Configuration.Kafka;
using CyberAgg.Configuration;

namespace CyberAgg.Bench.Baselines;

/// <summary>
/// Baseline (a), the ceiling: a fresh consumer group reads the same topic with the correlator's fetch settings and
/// pooled values and does nothing else with the messages.
/// </summary>
/// <remarks>
/// It reads what the topic still holds: every partition to its end. A broker that deleted old data past its
/// retention (the embedded Kafka keeps about 5 MiB a partition, less than a default run's backlog) holds fewer
/// messages than were produced, and waiting for all of them would wait for ever.
/// </remarks>
internal static class RawConsumeBaseline
{
    /// <summary>
    /// Reads every partition of <paramref name="topic"/> to its end (at most <paramref name="messages"/> messages);
    /// returns the messages read and the seconds from the first to the last.
    /// </summary>
    public static (long Messages, double Seconds) Run(KafkaOptions kafka, string topic, long messages, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var config = KafkaClients.ManualCommit(kafka.ToConsumerConfig("bench-raw-" + Guid.NewGuid().ToString("N")));
        config.FetchMaxBytes = 64 * 1024 * 1024;
        config.MaxPartitionFetchBytes = 16 * 1024 * 1024;
        config.EnablePartitionEof = true;
        // The correlator's pooled values too: a fresh array per message (each ~87 KB, on the large object heap) left
        // ~200 MB of garbage that only a gen2 collection reclaims, and the resident set kept it for the rest of the run.
        using var consumer = KafkaClients.PooledConsumer<byte[]?>(config, "bench raw consume").Build();
        consumer.Subscribe(topic);
        var deadline = Stopwatch.StartNew();
        var ended = new HashSet<int>();
        long read = 0;
        long first = 0;
        long last = 0;
        while (read < messages && deadline.Elapsed < timeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result is null)
            {
                continue;
            }

            if (result.IsPartitionEOF)
            {
                ended.Add(result.Partition.Value);
                if (consumer.Assignment.Count > 0 && consumer.Assignment.All(p => ended.Contains(p.Partition.Value)))
                {
                    break;
                }

                continue;
            }

            result.Message.Value.Return();
            if (read == 0)
            {
                first = Stopwatch.GetTimestamp();
            }

            read++;
            last = Stopwatch.GetTimestamp();
        }

        consumer.Close();
        if (read == 0 || (read < messages && deadline.Elapsed >= timeout))
        {
            throw new TimeoutException($"Raw consume read {read} of {messages} messages in {timeout}.");
        }

        return (read, Math.Max(Stopwatch.GetElapsedTime(first, last).TotalSeconds, 1e-6));
    }
}
