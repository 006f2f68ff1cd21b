using System.Text;
using CyberAgg.Correlator.Tests.Pipeline;
using CyberAgg.Testing;

namespace CyberAgg.Correlator.Tests.Faults;

/// <summary>Poison inside the Kafka client (a record batch that cannot be decompressed) never stops the stream.</summary>
[Collection(CorrelatorCollection.Name)]
public sealed class PoisonBatchTests(KafkaFixture kafka, ClickHouseFixture clickHouse)
{
    [Fact]
    public async Task CorruptCompressedBatch_IsDeadLetteredWithItsPosition_AndTheEventsAfterItStored()
    {
        var python = await ExternalTool.RequirePythonModuleAsync("kafka", "python3-kafka");
        var harness = new PipelineHarness(kafka, clickHouse, partitions: 1);
        await harness.InitializeAsync();
        var at = TimeProvider.System.GetUtcNow().AddHours(-1);
        harness.ProduceJson([PipelineHarness.Event(1, "ee-cert", "EE", "203.0.113.1", at)]);
        var script = Path.Combine(AppContext.BaseDirectory, "Faults", "corrupt_batch.py");
        var produced = await ExternalTool.RunAsync(python, [script, kafka.BootstrapServers, harness.Topic, "0"]);
        produced.ExitCode.ShouldBe(0, produced.Error + produced.Output);
        harness.Produce([(null, Encoding.UTF8.GetBytes(PipelineHarness.Event(2, "ee-cert", "EE", "203.0.113.2", at)), null)]);

        using var pipeline = harness.Create();
        await PipelineHarness.RunUntilAsync(pipeline, () => pipeline.Totals.EventsStored >= 2);

        (await harness.ScalarAsync("SELECT count() FROM events")).ShouldBe(2UL);
        (await harness.ScalarAsync("SELECT count() FROM deadletter WHERE reason = 'kafka_record_error' AND kafka_offset = 1")).ShouldBeGreaterThan(0UL, "the corrupt batch at offset 1 is dead-lettered with its position");
    }
}
