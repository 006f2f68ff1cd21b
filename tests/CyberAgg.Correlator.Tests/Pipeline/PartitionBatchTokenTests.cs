using System.Security.Cryptography;
using System.Text;
using CsCheck;
using CyberAgg.Correlator.Pipeline;
using CyberAgg.Events;
using CyberAgg.Storage.Writers;

namespace CyberAgg.Correlator.Tests.Pipeline;

/// <summary>
/// A range's insert token must be the same bytes in every version: a range planned before an upgrade and replayed after
/// it must repeat its token, or ClickHouse stores it twice.
/// </summary>
public sealed class PartitionBatchTokenTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void HashContent_AnyIdsTimesAndDeadLetters_SameBytesAsTheTokenHasAlwaysHashed()
    {
        // Ids of any length (past the 64 KiB buffer too) and any characters, missing ids, dead letters or none.
        var id = Gen.OneOf(Gen.String[0, 80], Gen.Char.Array[60_000, 70_000].Select(c => new string(c)));
        var row = Gen.Select(Gen.Bool, id, Gen.Long[0, TimeSpan.TicksPerDay * 365]);
        var deadLetter = Gen.Select(Gen.Long[0, long.MaxValue], Gen.String[0, 40]);
        Gen.Select(row.Array[0, 30], deadLetter.Array[0, 5]).Sample((events, deadLetters) =>
        {
            using var rows = new EncodedEventRows();
            foreach (var (hasId, value, ticks) in events)
            {
                rows.Add(new SecurityEvent { EventId = hasId ? value : null, Timestamp = T0.AddTicks(ticks) }, 0, 0);
            }

            var records = deadLetters.Select(d => new DeadLetterRecord(T0, "correlator", "", d.Item2, "", "events", 0, d.Item1, [], 0)).ToList();
            PartitionBatch.HashContent(rows, records).ShouldBe(Reference(rows, records));
        }, iter: 200);
    }

    [Fact]
    public void Token_AFixedRange_IsTheTokenEarlierVersionsGaveIt()
    {
        var range = new PartitionBatch(3, 100) { LastOffset = 102, Rows = new EncodedEventRows() };
        range.Rows.Add(new SecurityEvent { EventId = "evt-1", Timestamp = T0 }, 0, 3);
        range.Rows.Add(new SecurityEvent { EventId = "évènement-2", Timestamp = T0.AddSeconds(1) }, 0, 3);
        range.DeadLetters.Add(new DeadLetterRecord(T0, "correlator", "ee-cert", "malformed_event", "", "events", 3, 101, [], 0));

        range.Token("events", "events").ShouldBe("events/events/3/100-102/" + Reference(range.Rows, range.DeadLetters));
        range.Token("events", "events").ShouldBe("events/events/3/100-102/a953cee75d7d1ed04eb482b9");
        range.Rows.Dispose();
    }

    // The token's content hash as the storage stage has always computed it, one piece at a time.
    private static string Reference(EncodedEventRows rows, IReadOnlyList<DeadLetterRecord> deadLetters)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var i = 0; i < rows.Count; i++)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(rows.EventId(i) ?? ""));
            hash.AppendData(BitConverter.GetBytes(rows.TimestampTicks(i)));
            hash.AppendData([0x1f]);
        }

        foreach (var deadLetter in deadLetters)
        {
            hash.AppendData(BitConverter.GetBytes(deadLetter.KafkaOffset));
            hash.AppendData(Encoding.UTF8.GetBytes(deadLetter.Reason));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, 12));
    }
}
