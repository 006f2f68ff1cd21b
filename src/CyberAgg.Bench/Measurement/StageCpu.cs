namespace CyberAgg.Bench.Measurement;

/// <summary>Microseconds of one core per event in each correlator stage, storage excluded.</summary>
public sealed record StageCpu(long Events, double DecodeUs, double DetectUs, double CorrelateUs, double TotalUs);
