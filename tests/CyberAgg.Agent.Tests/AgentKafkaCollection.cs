using CyberAgg.Testing;

namespace CyberAgg.Agent.Tests;

/// <summary>Shares one embedded Kafka across the agent's delivery and fault-injection tests.</summary>
[CollectionDefinition(Name)]
public sealed class AgentKafkaCollection : ICollectionFixture<KafkaFixture>
{
    public const string Name = "agent with embedded kafka";
}
