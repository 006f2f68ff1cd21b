using System.Net;
using CyberAgg.Events;

namespace CyberAgg.Embedded.Kafka;

/// <summary>Options of the embedded Kafka: broker count, the fixed bootstrap address and topics.</summary>
public sealed class EmbeddedKafkaOptions
{
    /// <summary>The default bootstrap port of the contract (DESIGN §5).</summary>
    public const int DefaultPort = 19092;

    /// <summary>Number of mock brokers. Three lets a test take one down while the others serve.</summary>
    public int Brokers { get; set; } = 3;

    /// <summary>Address the fixed bootstrap listener binds to.</summary>
    public IPAddress BindAddress { get; set; } = IPAddress.Loopback;

    /// <summary>Fixed bootstrap port; 0 picks a free port (tests).</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>Partitions of each topic created at start.</summary>
    public int DefaultPartitions { get; set; } = 6;

    /// <summary>
    /// Partitions of <c>cyberagg.events.v1</c>. The mock keeps at most 5 MiB a partition and silently deletes older
    /// data (rdkafka_mock.c), so this is the backlog capacity: 48 partitions hold about 240 MiB, a stopped
    /// correlator's backlog of a million agent-batched events with room to spare.
    /// </summary>
    public int EventsPartitions { get; set; } = 48;

    /// <summary>What one mock partition retains before it deletes its oldest data.</summary>
    public const long RetainedBytesPerPartition = 5L * 1024 * 1024;

    /// <summary>Per-topic partition counts that override <see cref="DefaultPartitions"/> and <see cref="EventsPartitions"/>.</summary>
    public Dictionary<string, int> Partitions { get; } = new(StringComparer.Ordinal);

    /// <summary>Topics to create at start, besides <see cref="KafkaTopicNames.Core"/>.</summary>
    public List<string> ExtraTopics { get; } = [];

    /// <summary>The mock group coordinator's initial rebalance delay; 0 makes a lone consumer join at once.</summary>
    public TimeSpan InitialRebalanceDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Throws with the option name and the fix when a value is out of range.</summary>
    public void Validate()
    {
        if (Brokers is < 1 or > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(Brokers), Brokers, "Brokers must be between 1 and 16.");
        }

        if (Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "Port must be 0 (any free port) or 1-65535.");
        }

        if (DefaultPartitions < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(DefaultPartitions), DefaultPartitions, "Partitions must be at least 1.");
        }

        foreach (var (topic, count) in Partitions)
        {
            if (count < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(Partitions), count, $"Topic '{topic}' needs at least 1 partition.");
            }
        }
    }
}
