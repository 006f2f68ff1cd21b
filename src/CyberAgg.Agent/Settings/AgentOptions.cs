using CyberAgg.Configuration;

namespace CyberAgg.Agent.Settings;

/// <summary>Everything <c>cyberagg-agent run</c> needs, read and validated from the shared configuration model.</summary>
internal sealed class AgentOptions
{
    public required IdentityOptions Identity { get; init; }

    public required IngestKeyOptions IngestKey { get; init; }

    public required KafkaOptions Kafka { get; init; }

    public required IReadOnlyList<InputOptions> Inputs { get; init; }

    public required SpoolOptions Spool { get; init; }

    public required BatchOptions Batch { get; init; }

    public required DeliveryOptions Delivery { get; init; }

    public required TelemetryOptions Telemetry { get; init; }
}
