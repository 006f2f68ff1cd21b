using ClickHouse.Driver;
using CsCheck;
using CyberAgg.Events;
using CyberAgg.Storage.Schema;
using CyberAgg.Storage.Writers;
using CyberAgg.Testing;

namespace CyberAgg.Storage.Tests.Writers;

/// <summary>
/// Events written as RowBinary by <see cref="EventRows"/> and read back from the embedded ClickHouse are the events:
/// every column type of <c>events</c> (String, LowCardinality, DateTime64(3), UInt8/16, Int32, both Maps), with
/// absent and empty values, any Unicode, escapes and long strings.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class EventRowsTests(ClickHouseFixture fixture) : IAsyncLifetime
{
    private static readonly DateTimeOffset IngestedAt = new(2026, 12, 1, 20, 0, 0, 123, TimeSpan.Zero);

    // Event times within the table's TTL whenever the test runs.
    private static readonly DateTimeOffset Recent = TimeProvider.System.GetUtcNow();
    private string database = "";
    private int partitions;

    public async Task InitializeAsync()
    {
        database = "w_" + Guid.NewGuid().ToString("N")[..12];
        await SchemaMigrator.ApplyAsync(fixture.ConnectionString(), database);
    }

    [Fact]
    public async Task InsertRowBinaryAsync_AnyEvents_ReadBackEqualTheEvents()
    {
        using var writer = new ClickHouseWriter(fixture.ConnectionString());
        using var client = new ClickHouseClient(fixture.ConnectionString());

        await EventGen.Events.List[1, 25].SampleAsync(
            async events =>
            {
                // Each sample is its own Kafka partition number, so it reads back its own rows only.
                var partition = Interlocked.Increment(ref partitions);
                await writer.InsertRowBinaryAsync($"{database}.events", EventRows.Columns, new EventRows(events, IngestedAt, partition),
                    $"property/{partition}", CancellationToken.None);

                var stored = await StoredEventRow.ReadAsync(client, $"{database}.events", $"kafka_partition = {partition}");

                stored.ShouldBe(events.Select(e => StoredEventRow.Expected(e, IngestedAt, partition)).Order(StringComparer.Ordinal).ToList());
            },
            iter: 40,
            threads: 1);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task InsertRowBinaryAsync_SameTokenAgainWithABodyOfManyChunks_StoresTheRowsOnce(bool gzip)
    {
        using var writer = new ClickHouseWriter(fixture.ConnectionString()) { CompressRowBinary = gzip };
        using var client = new ClickHouseClient(fixture.ConnectionString());
        var partition = Interlocked.Increment(ref partitions) + 1_000_000;
        // ~1.5 MB of rows, over many 128 KiB chunks; one row alone (a 400,000-character message) is larger than a chunk.
        var events = Enumerable.Range(0, 3000).Select(i => Event(i, i == 1500 ? new string('é', 400_000) : $"event {i} \"quoted\" \\ tab\t")).ToList();
        var rows = new EventRows(events, IngestedAt, partition);

        var first = await writer.InsertRowBinaryAsync($"{database}.events", EventRows.Columns, rows, $"retry/{partition}", CancellationToken.None);
        var again = await writer.InsertRowBinaryAsync($"{database}.events", EventRows.Columns, rows, $"retry/{partition}", CancellationToken.None);

        (first, again).ShouldBe((3000L, 3000L));
        var stored = await StoredEventRow.ReadAsync(client, $"{database}.events", $"kafka_partition = {partition}");
        stored.Count.ShouldBe(3000, "the second insert with the same token is deduplicated");
        stored.ShouldBe(events.Select(e => StoredEventRow.Expected(e, IngestedAt, partition)).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task InsertRowBinaryAsync_NoRows_SendsNothing()
    {
        using var writer = new ClickHouseWriter(fixture.ConnectionString());

        // A table that does not exist: any request would fail.
        (await writer.InsertRowBinaryAsync($"{database}.missing", EventRows.Columns, new EventRows([], IngestedAt, 0), "empty", CancellationToken.None)).ShouldBe(0);
    }

    [Fact]
    public async Task InsertRowBinaryAsync_TableRefusesTheRows_ThrowsTheServersDataError()
    {
        using var writer = new ClickHouseWriter(fixture.ConnectionString());
        await writer.ExecuteAsync($"CREATE TABLE {database}.narrow (event_id String, ts DateTime64(3, 'UTC'), n UInt8, CONSTRAINT small CHECK n < 5) ENGINE = MergeTree ORDER BY ts", CancellationToken.None);

        var e = await Should.ThrowAsync<ClickHouseServerException>(() => writer.InsertRowBinaryAsync(
            $"{database}.narrow", ["event_id", "ts", "n"], new NarrowRows(9), "refused", CancellationToken.None));

        StoreErrors.IsDataError(e).ShouldBeTrue(e.Message);
        e.Message.ShouldContain("small");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static SecurityEvent Event(int i, string message) => new()
    {
        EventId = $"ev-{i}",
        Timestamp = Recent.AddSeconds(-i),
        Partner = "ee-cert",
        Country = "EE",
        Category = "network",
        SourceIp = $"198.51.100.{i % 250}",
        Severity = i % 11,
        Message = message,
    };

    private readonly struct NarrowRows(byte n) : IRowBinaryRows
    {
        public int Count => 1;

        public void Write(int index, RowBinaryBuffer buffer)
        {
            buffer.String("ev-narrow");
            buffer.Int64(Recent.ToUnixTimeMilliseconds());
            buffer.UInt8(n);
        }
    }
}
