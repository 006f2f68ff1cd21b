namespace CyberAgg.Agent.Pipeline;

/// <summary>One Kafka message as it will be produced (and as it is kept in the spool).</summary>
internal sealed record OutboundMessage(string Topic, byte[]? Key, byte[] Value, IReadOnlyList<KeyValuePair<string, byte[]>> Headers);
