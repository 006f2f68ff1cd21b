using Confluent.Kafka;
using CyberAgg.Events;
using CyberAgg.Events.Alerts;

namespace CyberAgg.Testing;

/// <summary>Reads every alert published to an alerts topic so far, from the start to the end of each partition.</summary>
public static class AlertTopicReader
{
    public static List<Alert> ReadAll(string bootstrapServers, string topic = KafkaTopicNames.Alerts)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "alert-reader-" + Guid.NewGuid(),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnablePartitionEof = true,
        }).Build();
        consumer.Subscribe(topic);
        var alerts = new List<Alert>();
        var eofs = new HashSet<int>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }

            if (result.IsPartitionEOF)
            {
                eofs.Add(result.Partition.Value);
                if (consumer.Assignment.Count > 0 && eofs.Count == consumer.Assignment.Count)
                {
                    break;
                }

                continue;
            }

            alerts.Add(AlertJson.Deserialize(result.Message.Value));
        }

        consumer.Close();
        return alerts;
    }
}
