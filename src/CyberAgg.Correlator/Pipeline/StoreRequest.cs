namespace CyberAgg.Correlator.Pipeline;

/// <summary>What the consuming loop hands the storage stage: an evaluated batch, or a request to flush.</summary>
internal abstract record StoreRequest;
