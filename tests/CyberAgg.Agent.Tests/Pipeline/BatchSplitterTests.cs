using CsCheck;
using CyberAgg.Agent.Pipeline;
using CyberAgg.Agent.Tests.Support;
using CyberAgg.Events;
using CyberAgg.Events.Ingest;
using CyberAgg.Events.Wire;

namespace CyberAgg.Agent.Tests.Pipeline;

public sealed class BatchSplitterTests
{
    private static readonly IngestKey Key = new(TestAgent.Partner, TestAgent.KeyId, TestAgent.Secret, TestAgent.Country);
    private static readonly DateTimeOffset Created = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    // Event sizes from a few bytes to beyond the largest limit drawn below, so pieces of one, many and none occur.
    private static readonly Gen<int[]> MessageLengths = Gen.Frequency(
        (8, Gen.Int[1, 400]),
        (2, Gen.Int[400, 3000]),
        (1, Gen.Int[3000, 6000])).Array[1, 80];

    [Fact]
    public void Split_AnyBatchAndLimit_KeepsEveryEventExactlyOnceInOrder()
    {
        Gen.Select(MessageLengths, Gen.Int[600, 20_000]).Sample((lengths, limit) =>
        {
            var batch = Encode(lengths);
            var split = BatchSplitter.Split(batch, TestAgent.Secret, limit);

            split.Failure.ShouldBeNull();
            var received = new List<(int Index, string Message)>();
            foreach (var piece in split.Pieces)
            {
                piece.Length.ShouldBeLessThanOrEqualTo(limit, "every piece fits the limit");
                foreach (var evt in Decode(piece))
                {
                    received.Add((int.Parse(evt.EventId!, System.Globalization.CultureInfo.InvariantCulture), evt.Message!));
                }
            }

            var indices = received.Select(r => r.Index).ToList();
            indices.ShouldBe(indices.Order().ToList(), "pieces keep the original order");
            var oversized = split.Oversized.Select(o => o.Index).ToList();
            indices.Concat(oversized).Order().ShouldBe(Enumerable.Range(0, lengths.Length), "every event exactly once, in a piece or as oversized");
            foreach (var (index, message) in received)
            {
                message.ShouldBe(MessageFor(index, lengths[index]), "event bytes are copied unchanged");
            }

            foreach (var big in split.Oversized)
            {
                big.Bytes.ShouldBeGreaterThan(limit, "only an event that cannot fit alone is left out");
                Encode([lengths[big.Index]], firstIndex: big.Index).Length.ShouldBe(big.Bytes, "the size reported is that of a batch of this event alone");
            }

            split.Pieces.Count.ShouldBeLessThanOrEqualTo(lengths.Length, "no empty pieces");
        });
    }

    [Fact]
    public void Split_BatchWithinTheLimit_IsOnePieceEqualToTheOriginal()
    {
        var batch = Encode([10, 20, 30]);

        var split = BatchSplitter.Split(batch, TestAgent.Secret, batch.Length);

        split.Pieces.ShouldHaveSingleItem().ShouldBe(batch);
        split.Oversized.ShouldBeEmpty();
    }

    [Fact]
    public void Split_AlteredBatch_IsRefusedInsteadOfResigned()
    {
        var batch = Encode([100, 100, 100]);
        batch[^40] ^= 0x20;

        var split = BatchSplitter.Split(batch, TestAgent.Secret, 300);

        split.Failure.ShouldNotBeNull().ShouldContain("signature");
        split.Pieces.ShouldBeEmpty();
    }

    [Fact]
    public void Split_NotABatch_SaysSo()
    {
        BatchSplitter.Split("{\"json\":true}"u8.ToArray(), TestAgent.Secret, 1000).Failure.ShouldNotBeNull().ShouldContain("not a batch");
    }

    private static byte[] Encode(int[] lengths, int firstIndex = 0)
    {
        using var writer = new BatchWriter(Key, TestAgent.Country, TestAgent.Sensor);
        writer.Begin(Created);
        for (var i = 0; i < lengths.Length; i++)
        {
            var index = firstIndex + i;
            writer.Add(new SecurityEvent
            {
                Timestamp = Created.AddSeconds(index),
                EventId = index.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Message = MessageFor(index, lengths[i]),
            });
        }

        return writer.Complete().ToArray();
    }

    private static string MessageFor(int index, int length) => new((char)('a' + (index % 26)), length);

    private static List<SecurityEvent> Decode(byte[] piece)
    {
        BatchReader.TryReadHeader(piece, BatchLimits.Default, out var header, out _).ShouldBe(DeadLetterReason.None);
        BatchReader.VerifySignature(piece, header, TestAgent.Secret).ShouldBeTrue("each piece is signed with the agent's key");
        header.Partner.ShouldBe(TestAgent.Partner);
        header.CreatedUnixMilliseconds.ShouldBe(Created.ToUnixTimeMilliseconds());
        var events = new List<SecurityEvent>();
        BatchReader.ReadEvents(piece, header, BatchLimits.Default, events, out _).ShouldBe(DeadLetterReason.None);
        events.Count.ShouldBe(header.EventCount);
        return events;
    }
}
