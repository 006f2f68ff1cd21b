using System.Text.Json;
using CsCheck;
using CyberAgg.Events;
using CyberAgg.Storage.Writers;

namespace CyberAgg.Storage.Tests.Writers;

/// <summary>
/// Rows encoded ahead of their insert write the same bytes as <see cref="EventRows"/> writing the events at insert
/// time, whatever the events, however they are selected or copied, across chunk boundaries and for rows longer than
/// a chunk.
/// </summary>
public sealed class EncodedEventRowsTests
{
    private const long IngestedAtMs = 1_764_000_000_123;
    private const int Partition = 7;

    [Fact]
    public void All_AnyEvents_WritesTheBytesEventRowsWrites() =>
        EventGen.Events.List[0, 40].Sample(events =>
        {
            using var rows = Encode(events);

            Written(rows.All()).ShouldBe(Written(new EventRows(events, DateTimeOffset.FromUnixTimeMilliseconds(IngestedAtMs), Partition)));
            rows.Count.ShouldBe(events.Count);
            rows.Bytes.ShouldBe(Written(rows.All()).Length);
            for (var i = 0; i < events.Count; i++)
            {
                (rows.EventId(i), rows.TimestampTicks(i), rows.Partner(i)).ShouldBe((events[i].EventId, events[i].Timestamp.UtcTicks, events[i].Partner ?? ""));
                var described = JsonSerializer.Deserialize<Dictionary<string, string?>>(rows.Describe(i))!;
                (described["event.id"], described["observer.partner"], described["observer.country"]).ShouldBe((events[i].EventId, events[i].Partner ?? "", events[i].Country ?? ""));
            }
        });

    [Fact]
    public void Select_AnySubsetInAnyOrder_WritesThoseRowsInThatOrder() =>
        EventGen.Events.List[1, 30].SelectMany(events => Gen.Int[0, events.Count - 1].Array[0, 40].Select(indices => (events, indices)))
            .Sample((events, indices) =>
            {
                using var rows = Encode(events);
                var selection = rows.Select(indices);

                Written(selection).ShouldBe(indices.SelectMany(i => Row(events[i])).ToArray());
                Enumerable.Range(0, selection.Count).Select(selection.SourceRow).ShouldBe(indices);
            });

    [Fact]
    public void CopyFrom_EveryOtherRow_KeepsTheirBytesAndFields() =>
        EventGen.Events.List[0, 30].Sample(events =>
        {
            using var rows = Encode(events);
            using var copy = new EncodedEventRows();
            for (var i = 0; i < rows.Count; i += 2)
            {
                copy.CopyFrom(rows, i);
            }

            var kept = events.Where((_, i) => i % 2 == 0).ToList();
            Written(copy.All()).ShouldBe(kept.SelectMany(Row).ToArray());
            Enumerable.Range(0, copy.Count).Select(copy.EventId).ShouldBe(kept.Select(e => e.EventId));
        });

    [Fact]
    public void Add_RowsBeyondOneChunkAndARowLongerThanAChunk_WrittenWhole()
    {
        // ~2,500 rows of ~1 KB fill more than two 1 MiB chunks; one message longer than a chunk gets an array of its own.
        var events = Enumerable.Range(0, 2_500)
            .Select(i => new SecurityEvent { EventId = $"e{i}", Timestamp = DateTimeOffset.UnixEpoch.AddDays(20_000).AddSeconds(i), Message = new string('m', 1000 + (i % 7)) })
            .ToList();
        events.Insert(1_200, new SecurityEvent { EventId = "huge", Timestamp = DateTimeOffset.UnixEpoch.AddDays(20_000), Message = new string('h', EncodedEventRows.ChunkBytes + 10) });
        using var rows = Encode(events);

        Written(rows.All()).ShouldBe(Written(new EventRows(events, DateTimeOffset.FromUnixTimeMilliseconds(IngestedAtMs), Partition)));
        rows.Row(1_200).Length.ShouldBeGreaterThan(EncodedEventRows.ChunkBytes);
        rows.Row(1_201).ToArray().ShouldBe(Row(events[1_201]));
    }

    [Fact]
    public void Capacity_AFewRowsOrMany_HeldInChunksSizedToThem()
    {
        // A batch's range of a few events waits in the store queue with hundreds of others: it must not hold a megabyte.
        var few = Enumerable.Range(0, 3).Select(i => new SecurityEvent { EventId = $"f{i}", Message = "short" }).ToList();
        using var small = Encode(few);
        small.Capacity.ShouldBeLessThanOrEqualTo(4096);

        var many = Enumerable.Range(0, 20_000).Select(i => new SecurityEvent { EventId = $"m{i}", SourceIp = "45.1.2.3", Message = new string('x', 150) }).ToList();
        using var large = new EncodedEventRows();
        foreach (var e in many)
        {
            large.Add(e, IngestedAtMs, Partition);
        }

        large.Capacity.ShouldBeLessThanOrEqualTo((2 * large.Bytes) + EncodedEventRows.ChunkBytes, "chunks double up to 1 MiB, so at most half is unused");
    }

    [Fact]
    public void Describe_ARow_NamesItsIdTimeAndOrigin()
    {
        var e = new SecurityEvent { EventId = "ev-9", Timestamp = new DateTimeOffset(2026, 12, 2, 10, 0, 0, 5, TimeSpan.Zero), Partner = "ee-cert", Country = "EE" };
        using var rows = Encode([e]);

        var described = JsonSerializer.Deserialize<Dictionary<string, string>>(rows.Describe(0))!;

        described.ShouldBe(new Dictionary<string, string>
        {
            ["event.id"] = "ev-9",
            ["@timestamp"] = "2026-12-02T10:00:00.0050000Z",
            ["observer.partner"] = "ee-cert",
            ["observer.country"] = "EE",
        }, ignoreOrder: true);
    }

    private static EncodedEventRows Encode(List<SecurityEvent> events)
    {
        var rows = new EncodedEventRows(events.Count);
        foreach (var e in events)
        {
            rows.Add(e, IngestedAtMs, Partition);
        }

        return rows;
    }

    private static byte[] Row(SecurityEvent e)
    {
        using var buffer = new RowBinaryBuffer();
        EventRows.Write(buffer, e, IngestedAtMs, Partition);
        return buffer.WrittenMemory.ToArray();
    }

    private static byte[] Written<TRows>(TRows rows)
        where TRows : IRowBinaryRows
    {
        using var buffer = new RowBinaryBuffer();
        for (var i = 0; i < rows.Count; i++)
        {
            rows.Write(i, buffer);
        }

        return buffer.WrittenMemory.ToArray();
    }
}
