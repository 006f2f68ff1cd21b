using System.Diagnostics;
using CyberAgg.Configuration.Kafka;
using CyberAgg.Configuration;

namespace CyberAgg.Bench.Baselines;

/// <summary>
/// Baseline (a), the ceiling: a fresh consumer group reads the same topic with the correlator's fetch settings and
/// does nothing else with the messages.
/// </summary>
internal static class RawConsumeBaseline
{
    /// <summary>Reads <paramref name="messages"/> messages; returns the seconds from the first message to the last.</summary>
    public static double Run(KafkaOptions kafka, string topic, long messages, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var config = KafkaClients.ManualCommit(kafka.ToConsumerConfig("bench-raw-" + Guid.NewGuid().ToString("N")));
        config.FetchMaxBytes = 64 * 1024 * 1024;
        config.MaxPartitionFetchBytes = 16 * 1024 * 1024;
        using var consumer = KafkaClients.Consumer<byte[]?>(config, "bench raw consume").Build();
        consumer.Subscribe(topic);
        var deadline = Stopwatch.StartNew();
        long read = 0;
        long bytes = 0;
        long first = 0;
        long last = 0;
        while (read < messages && deadline.Elapsed < timeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result is null || result.IsPartitionEOF)
            {
                continue;
            }

            if (read == 0)
            {
                first = Stopwatch.GetTimestamp();
            }

            read++;
            bytes += result.Message.Value.Length;
            last = Stopwatch.GetTimestamp();
        }

        consumer.Close();
        if (read < messages)
        {
            throw new TimeoutException($"Raw consume read {read} of {messages} messages in {timeout}.");
        }

        return Math.Max(Stopwatch.GetElapsedTime(first, last).TotalSeconds, 1e-6);
    }
}
