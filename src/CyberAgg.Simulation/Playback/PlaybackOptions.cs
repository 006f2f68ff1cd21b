using CyberAgg.Events.Ingest;
using CyberAgg.Events;

namespace CyberAgg.Simulation.Playback;

/// <summary>How to play a scenario: where to, how fast, and with which partner keys.</summary>
public sealed class PlaybackOptions
{
    public required string BootstrapServers { get; init; }

    public string Topic { get; init; } = KafkaTopicNames.Events;

    /// <summary>Overrides the scenario's own speed when set.</summary>
    public double? Speed { get; init; }

    /// <summary>Scales every partner's noise rate (0 turns noise off).</summary>
    public double NoiseScale { get; init; } = 1;

    /// <summary>Event time of scenario time zero; defaults to the wall clock at the start of playback.</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>Each partner's ingest key, by partner id; the batches are signed with it as the agent signs them.</summary>
    public required IReadOnlyDictionary<string, IngestKey> Keys { get; init; }

    /// <summary>Events per Kafka message (one signed batch).</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>Holds playback back while the correlator lags too far behind (null: never).</summary>
    public PlaybackBackpressure? Backpressure { get; init; }
}
