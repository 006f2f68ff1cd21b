using CyberAgg.Testing;

namespace CyberAgg.Simulation.Tests;

/// <summary>Shares one embedded Kafka across this assembly's tests.</summary>
[CollectionDefinition(Name)]
public sealed class SimulationCollection : ICollectionFixture<KafkaFixture>
{
    public const string Name = "simulation kafka";
}
