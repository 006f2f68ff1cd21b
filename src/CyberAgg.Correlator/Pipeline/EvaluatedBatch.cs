namespace CyberAgg.Correlator.Pipeline;

/// <summary>A batch the evaluation stage is done with: its events to store, and its alerts on their way to durability.</summary>
/// <param name="Batch">The consumed ranges, per partition, with their events and dead letters.</param>
/// <param name="AlertCount">Alerts the batch raised (counted in the totals once it is committed).</param>
/// <param name="AlertsDurable">Completes when those alerts (and re-keyed observations) are acknowledged.</param>
internal sealed record EvaluatedBatch(EventBatch Batch, int AlertCount, Task AlertsDurable) : StoreRequest;
