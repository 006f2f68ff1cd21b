using System.Text;
using CyberAgg.Correlator.EventTime;
using CyberAgg.Correlator.Pipeline;
using CyberAgg.Events;
using CyberAgg.Events.Ingest;
using CyberAgg.Storage.Writers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CyberAgg.Correlator.Tests.Pipeline;

/// <summary>The decoding stage on a fake clock: consumed bytes in, a batch's events and dead letters out.</summary>
public sealed class DecodeStageTests
{
    private const string Topic = "events";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider clock = new(Now);
    private readonly EventIdLedger ledger = new(1000);
    private readonly EventBatch batch = new();
    private readonly DecodeStage stage;

    public DecodeStageTests() => stage = new DecodeStage(
        new IngestDecoder(new IngestKeyRing(), new IngestDecoderOptions { Trust = IngestTrust.Open }),
        new EventTimeAccounting(TimeSpan.FromMinutes(5), EventRows.Retention, clock, NullLogger.Instance),
        ledger,
        clock,
        NullLogger.Instance);

    [Fact]
    public void Decode_ValidEvent_AddedToItsPartitionRangeWithItsId()
    {
        stage.Decode(batch, Message(2, 40, Event("ev-1", Now)));

        var range = batch.Partitions.ShouldHaveSingleItem();
        (range.Partition, range.FirstOffset, range.LastOffset).ShouldBe((2, 40L, 40L));
        range.Events.ShouldHaveSingleItem().EventId.ShouldBe("ev-1");
        ledger.TryReserve(5, "ev-1").ShouldBeFalse("the id is reserved until its range is committed");
        (batch.MessageCount, batch.EventCount).ShouldBe((1, 1));
        range.DeadLetters.ShouldBeEmpty();
    }

    [Fact]
    public void Decode_SameIdOnAnotherPartition_DroppedAsADuplicate()
    {
        stage.Decode(batch, Message(0, 1, Event("ev-1", Now)));
        stage.Decode(batch, Message(1, 7, Event("ev-1", Now)));

        batch.EventCount.ShouldBe(1);
        batch.MessageCount.ShouldBe(2, "the copy's offset is still part of its range, to be committed");
        var copy = batch.Partitions.Single(p => p.Partition == 1);
        copy.Events.ShouldBeEmpty();
        copy.Duplicates.ShouldBe(1);
    }

    [Fact]
    public void Decode_IdCommittedBefore_DroppedAsADuplicate()
    {
        ledger.Committed(0, ["ev-9"]);

        stage.Decode(batch, Message(0, 1, Event("ev-9", Now)));

        batch.EventCount.ShouldBe(0);
        batch.Partitions.Single().Duplicates.ShouldBe(1);
    }

    [Fact]
    public void Decode_NotJson_DeadLetteredWithTheDecodersReasonAndTheBytes()
    {
        var value = Encoding.UTF8.GetBytes("{\"@timestamp\": ");

        stage.Decode(batch, Message(0, 3, value));

        var range = batch.Partitions.ShouldHaveSingleItem();
        range.Events.ShouldBeEmpty();
        var deadLetter = range.DeadLetters.ShouldHaveSingleItem();
        deadLetter.Reason.ShouldBe(DeadLetterReason.InvalidJson.ToCode());
        (deadLetter.Topic, deadLetter.KafkaPartition, deadLetter.KafkaOffset).ShouldBe((Topic, 0, 3L));
        deadLetter.Original.ShouldBe(value);
        deadLetter.ReceivedAt.ShouldBe(Now);
    }

    [Fact]
    public void Decode_TimestampBeforeRetention_DeadLetteredAsOutOfRangeNotReserved()
    {
        stage.Decode(batch, Message(0, 5, Event("ev-old", Now - EventRows.Retention - TimeSpan.FromDays(1))));

        var range = batch.Partitions.ShouldHaveSingleItem();
        range.Events.ShouldBeEmpty();
        var deadLetter = range.DeadLetters.ShouldHaveSingleItem();
        deadLetter.Reason.ShouldBe(DeadLetterReason.TimestampOutOfRange.ToCode());
        deadLetter.Detail.ShouldContain("retention");
        ledger.TryReserve(0, "ev-old").ShouldBeTrue("a refused event's id is not held: a corrected copy may still come");
    }

    [Fact]
    public void RecordFailed_UnreadableRecord_DeadLetteredAtItsOffsetWithTheClientsError()
    {
        stage.RecordFailed(batch, Topic, 1, 12, "Local_BadMsg: CRC mismatch");

        var range = batch.Partitions.ShouldHaveSingleItem();
        (range.FirstOffset, range.LastOffset).ShouldBe((12L, 12L));
        batch.MessageCount.ShouldBe(1);
        var deadLetter = range.DeadLetters.ShouldHaveSingleItem();
        deadLetter.Reason.ShouldBe(DeadLetterReason.KafkaRecordError.ToCode());
        deadLetter.Detail.ShouldBe("Local_BadMsg: CRC mismatch");
        deadLetter.OriginalSize.ShouldBe(0);
    }

    private static ConsumedMessage Message(int partition, long offset, byte[] value) => new(Topic, partition, offset, default, value);

    private static byte[] Event(string id, DateTimeOffset at) => Encoding.UTF8.GetBytes(
        PipelineHarness.Event(0, "ee-cert", "EE", "198.51.100.7", at).Replace("\"ev-0\"", $"\"{id}\"", StringComparison.Ordinal));
}
