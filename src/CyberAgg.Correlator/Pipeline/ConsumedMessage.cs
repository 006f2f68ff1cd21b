using CyberAgg.Events.Ingest;

namespace CyberAgg.Correlator.Pipeline;

/// <summary>One message as the consuming loop hands it to decoding: where it was read and what it holds.</summary>
internal readonly record struct ConsumedMessage(string Topic, int Partition, long Offset, IngestHeaders Headers, ReadOnlyMemory<byte> Value);
