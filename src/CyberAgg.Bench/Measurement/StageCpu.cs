namespace CyberAgg.Bench.Measurement;

/// <summary>Microseconds of one core per event in each correlator stage, storage excluded.</summary>
public sealed record StageCpu(long Events, double DecodeUs, double DetectUs, double CorrelateUs, double TotalUs)
{
    /// <summary>
    /// The correlator's consuming thread in the peak phase, CPU per event stored: everything the profile times plus
    /// the Kafka consume, the clock and duplicate checks and the RowBinary encoding of the rows (null: not found).
    /// </summary>
    public double? PipelineThreadUs { get; init; }
}
