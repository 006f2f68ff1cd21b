using CyberAgg.Storage.Writers;

namespace CyberAgg.Correlator.Pipeline;

/// <summary>The production store: plans and events in ClickHouse, dead letters in ClickHouse and on the dead-letter topic.</summary>
internal sealed class PipelineStore(ClickHouseWriter writer, BatchPlanStore plans, KafkaPublisher publisher, string database) : IPipelineStore
{
    private readonly EventStore events = new(writer, database);

    public Task RecordPlansAsync(string topic, IReadOnlyList<PartitionBatch> ranges, CancellationToken cancellationToken) =>
        plans.RecordAsync(topic, ranges, cancellationToken);

    public Task<List<(int Row, string Reason)>> StoreEventsAsync(EncodedEventRows rows, int partition, string token, CancellationToken cancellationToken) =>
        events.StoreAsync(rows, token, cancellationToken);

    public Task StoreDeadLettersAsync(IReadOnlyList<DeadLetterRecord> deadLetters, string token, CancellationToken cancellationToken) =>
        Task.WhenAll(
            writer.InsertAsync($"{database}.deadletter", DeadLetterRecord.Columns, deadLetters.Select(d => d.ToRow()).ToList(), token, cancellationToken),
            publisher.PublishDeadLettersAsync(deadLetters, cancellationToken));
}
