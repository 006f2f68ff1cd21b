using System.Text;
using CyberAgg.Testing;

namespace CyberAgg.Correlator.Tests.Pipeline;

/// <summary>A backlog beyond the embedded Kafka's retention: what was deleted before it was consumed is reported.</summary>
[Collection(CorrelatorCollection.Name)]
public sealed class RetentionGapTests(KafkaFixture kafka, ClickHouseFixture clickHouse)
{
    [Fact]
    public async Task CommittedOffsetBelowRetainedData_GapIsRecordedWithItsRange()
    {
        var harness = new PipelineHarness(kafka, clickHouse, partitions: 1);
        await harness.InitializeAsync();
        var at = TimeProvider.System.GetUtcNow().AddHours(-1);
        harness.ProduceJson(Enumerable.Range(0, 50).Select(i => PipelineHarness.Event(i, "ee-cert", "EE", "203.0.113.1", at)));
        using (var first = harness.Create())
        {
            await PipelineHarness.RunUntilAsync(first, () => first.Totals.Messages >= 50);
        }

        // While the correlator is stopped, more than the partition's 5 MiB is produced: the oldest is deleted.
        var padding = new string('x', 1000);
        harness.Produce(Enumerable.Range(0, 7000).Select(i => ((string?)null, Encoding.UTF8.GetBytes(PipelineHarness.Event(1000 + i, "ee-cert", "EE", "203.0.113.2", at).Replace("\"severity\":6", $"\"severity\":6,\"reason\":\"{padding}\"", StringComparison.Ordinal)), (Confluent.Kafka.Headers?)null)));

        using var second = harness.Create();
        using var stop = new CancellationTokenSource();
        var run = second.RunAsync(stop.Token);
        await Eventually.WaitAsync(async () => run.IsCompleted || await harness.ScalarAsync("SELECT count() FROM ingest_gaps") > 0, "the gap is recorded");
        await stop.CancelAsync();
        await run;

        (await harness.ScalarAsync("SELECT min(first_offset) FROM ingest_gaps")).ShouldBe(50UL, "the gap starts at the committed offset");
        var lost = await harness.ScalarAsync("SELECT sum(messages) FROM ingest_gaps");
        lost.ShouldBeGreaterThan(0UL);
        (await harness.ScalarAsync("SELECT max(last_offset) FROM ingest_gaps")).ShouldBe(49UL + lost);
    }
}
