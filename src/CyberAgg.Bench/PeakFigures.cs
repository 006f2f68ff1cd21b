namespace CyberAgg.Bench;

/// <summary>What the peak phase measured: producer, pipeline stages from its own histogram, end to end and drain.</summary>
internal sealed record PeakFigures(
    long ProducedEvents,
    double ProduceSeconds,
    long ReceivedEvents,
    double ReceiveSeconds,
    long StoredEvents,
    double EndToEndSeconds,
    double DrainEvents,
    double DrainSeconds,
    IReadOnlyDictionary<string, (double Seconds, long Batches)> StageSeconds)
{
    public double EndToEndRate => StoredEvents / EndToEndSeconds;
}
