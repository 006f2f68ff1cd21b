namespace CyberAgg.Correlator.Pipeline;

/// <summary>Asks the storage stage to store everything queued before it (dropping <see cref="Revoked"/> partitions' unplanned leftovers).</summary>
internal sealed record FlushRequest(TaskCompletionSource Done, IReadOnlySet<int> Revoked) : StoreRequest;
