namespace CyberAgg.Cli.Commands.Soak;

/// <summary>A poison message Kafka acknowledged: it must be dead-lettered.</summary>
internal readonly record struct SoakPoison(int Partition, long Offset, string What);
