using CyberAgg.Storage.Writers;

namespace CyberAgg.Correlator.Pipeline;

/// <summary>
/// Where the storage stage puts a batch: the plan of its ranges, their events and their dead letters. ClickHouse and
/// the dead-letter topic in production (<see cref="PipelineStore"/>); a fake in the stage's unit tests.
/// </summary>
internal interface IPipelineStore
{
    /// <summary>Records the ranges before they are inserted, so a replay after a crash re-forms them exactly.</summary>
    Task RecordPlansAsync(string topic, IReadOnlyList<PartitionBatch> ranges, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a range's rows (of <paramref name="partition"/>) under its token and returns those the table refused,
    /// by index in <paramref name="rows"/>, each with the reason.
    /// </summary>
    Task<List<(int Row, string Reason)>> StoreEventsAsync(EncodedEventRows rows, int partition, string token, CancellationToken cancellationToken);

    /// <summary>Stores a range's dead letters under its token and publishes them.</summary>
    Task StoreDeadLettersAsync(IReadOnlyList<DeadLetterRecord> deadLetters, string token, CancellationToken cancellationToken);
}
