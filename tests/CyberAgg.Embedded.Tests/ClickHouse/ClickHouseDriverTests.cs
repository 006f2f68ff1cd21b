using System.Globalization;
using ClickHouse.Driver;
using ClickHouse.Driver.Utility;
using CyberAgg.Testing;

namespace CyberAgg.Embedded.Tests.ClickHouse;

/// <summary>ClickHouse.Driver, unchanged and with default settings (compression on), against the embedded server.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class ClickHouseDriverTests(ClickHouseFixture fixture)
{
    [Fact]
    public async Task Ddl_CreateAlterDescribeDrop_AllSucceed()
    {
        var db = await fixture.NewDatabaseAsync();
        using var connection = await fixture.OpenAsync(db);

        await connection.ExecuteStatementAsync("CREATE TABLE ddl (id UInt32, name String) ENGINE = MergeTree ORDER BY id");
        await connection.ExecuteStatementAsync("ALTER TABLE ddl ADD COLUMN note LowCardinality(String) DEFAULT 'x'");
        var columns = new List<string>();
        using (var reader = await connection.ExecuteReaderAsync("SELECT name FROM system.columns WHERE database = currentDatabase() AND table = 'ddl' ORDER BY position"))
        {
            while (await reader.ReadAsync())
            {
                columns.Add(reader.GetString(0));
            }
        }

        columns.ShouldBe(["id", "name", "note"]);
        await connection.ExecuteStatementAsync("DROP TABLE ddl");
        (await connection.ExecuteScalarAsync("SELECT count() FROM system.tables WHERE database = currentDatabase()")).ShouldBe(0UL);
    }

    [Fact]
    public async Task InsertBinaryAsync_MoreThanOneMillionRows_AllStored()
    {
        var db = await fixture.NewDatabaseAsync();
        using var connection = await fixture.OpenAsync(db);
        await connection.ExecuteStatementAsync("CREATE TABLE bulk (id UInt64, ts DateTime64(3, 'UTC'), country LowCardinality(String), ip String) ENGINE = MergeTree ORDER BY id");
        using var client = new ClickHouseClient(fixture.ConnectionString(db));
        const int rows = 1_200_000;
        var start = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        string[] countries = ["EE", "LV", "LT", "PL", "FI"];

        var written = await client.InsertBinaryAsync(
            "bulk",
            ["id", "ts", "country", "ip"],
            Enumerable.Range(0, rows).Select(i => new object[] { (ulong)i, start.AddMilliseconds(i), countries[i % 5], $"10.0.{i % 256}.{i % 251}" }));

        written.ShouldBe(rows);
        (await connection.ExecuteScalarAsync("SELECT count() FROM bulk")).ShouldBe((ulong)rows);
        (await connection.ExecuteScalarAsync("SELECT sum(id) FROM bulk")).ShouldBe((ulong)rows * (rows - 1) / 2);
        (await connection.ExecuteScalarAsync("SELECT uniqExact(country) FROM bulk")).ShouldBe(5UL);
    }

    [Fact]
    public async Task TypedReads_EveryColumnTypeOfTheSchema_RoundTrip()
    {
        var db = await fixture.NewDatabaseAsync();
        using var connection = await fixture.OpenAsync(db);
        await connection.ExecuteStatementAsync("""
            CREATE TABLE typed (
                s String, lc LowCardinality(String), ts DateTime64(3, 'UTC'), dt DateTime('UTC'),
                u8 UInt8, u16 UInt16, u32 UInt32, u64 UInt64, i32 Int32, i64 Int64,
                m Map(String, String), mlc Map(LowCardinality(String), String),
                a Array(String), alc Array(LowCardinality(String))
            ) ENGINE = MergeTree ORDER BY s
            """);
        using var client = new ClickHouseClient(fixture.ConnectionString(db));
        var ts = new DateTime(2026, 11, 24, 12, 34, 56, 789, DateTimeKind.Utc);
        await client.InsertBinaryAsync("typed", ["s", "lc", "ts", "dt", "u8", "u16", "u32", "u64", "i32", "i64", "m", "mlc", "a", "alc"],
        [
            [
                "ümlaut ✓ 'quote'", "EE", ts, ts.AddMilliseconds(-789), (byte)10, (ushort)443, 4_000_000_000u, ulong.MaxValue, -5, long.MinValue,
                new Dictionary<string, string> { ["Image"] = @"C:\Windows\cmd.exe", ["empty"] = "" },
                new Dictionary<string, string> { ["sector"] = "energy" },
                new[] { "e1", "e2" }, new[] { "EE", "LV" },
            ],
        ]);

        using var reader = await connection.ExecuteReaderAsync("SELECT * FROM typed");
        (await reader.ReadAsync()).ShouldBeTrue();
        reader.GetString(0).ShouldBe("ümlaut ✓ 'quote'");
        reader.GetString(1).ShouldBe("EE");
        ((DateTime)reader.GetValue(2)).ShouldBe(ts);
        ((DateTime)reader.GetValue(3)).ShouldBe(ts.AddMilliseconds(-789));
        reader.GetValue(4).ShouldBe((byte)10);
        reader.GetValue(5).ShouldBe((ushort)443);
        reader.GetValue(6).ShouldBe(4_000_000_000u);
        reader.GetValue(7).ShouldBe(ulong.MaxValue);
        reader.GetValue(8).ShouldBe(-5);
        reader.GetValue(9).ShouldBe(long.MinValue);
        var map = (System.Collections.IDictionary)reader.GetValue(10);
        map["Image"].ShouldBe(@"C:\Windows\cmd.exe");
        map["empty"].ShouldBe("");
        ((System.Collections.IDictionary)reader.GetValue(11))["sector"].ShouldBe("energy");
        ((string[])reader.GetValue(12)).ShouldBe(["e1", "e2"]);
        ((string[])reader.GetValue(13)).ShouldBe(["EE", "LV"]);
        (await reader.ReadAsync()).ShouldBeFalse();
    }

    [Fact]
    public async Task QueryParameters_HostileString_IsBoundNotInterpolated()
    {
        using var connection = await fixture.OpenAsync();
        using var command = connection.CreateCommand();
        const string hostile = "x'); DROP TABLE cyberagg.events; --\\";
        command.CommandText = "SELECT {s:String} AS s, {n:UInt32} + 1 AS n";
        command.AddParameter("s", hostile);
        command.AddParameter("n", 41u);

        using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue();
        reader.GetString(0).ShouldBe(hostile);
        Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture).ShouldBe(42);
        (await connection.ExecuteScalarAsync("SELECT count() FROM system.tables WHERE database = 'cyberagg' AND name = 'events'")).ShouldBe(1UL);
    }

    [Fact]
    public async Task ServerError_UnknownTable_SurfacesCodeAndText()
    {
        using var connection = await fixture.OpenAsync();

        var error = await Should.ThrowAsync<ClickHouseServerException>(() => connection.ExecuteScalarAsync("SELECT * FROM no_such_table"));

        error.ErrorCode.ShouldBe(60);
        error.Message.ShouldContain("UNKNOWN_TABLE");
        error.Message.ShouldContain("no_such_table");
    }

    [Fact]
    public async Task ConcurrentQueries_TwentyInParallel_EachGetsItsOwnAnswer()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            using var connection = await fixture.OpenAsync();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT sum(number) + {i:UInt64} FROM numbers(200000)";
            command.AddParameter("i", (ulong)i);
            return (i, value: Convert.ToUInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture));
        }));

        foreach (var (i, value) in answers)
        {
            value.ShouldBe(19_999_900_000UL + (ulong)i);
        }
    }

    [Fact]
    public async Task CustomSettings_InsertDeduplicationToken_SecondIdenticalBatchIsIgnored()
    {
        var db = await fixture.NewDatabaseAsync();
        using var connection = await fixture.OpenAsync(db);
        await connection.ExecuteStatementAsync("CREATE TABLE dedup (id UInt32) ENGINE = MergeTree ORDER BY id SETTINGS non_replicated_deduplication_window = 100");

        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO dedup VALUES (1), (2), (3)";
            command.CustomSettings["insert_deduplication_token"] = "batch-42";
            await command.ExecuteNonQueryAsync();
        }

        (await connection.ExecuteScalarAsync("SELECT count() FROM dedup")).ShouldBe(3UL);
        // The setting applied to those inserts only: a later insert without it is stored.
        await connection.ExecuteStatementAsync("INSERT INTO dedup VALUES (1), (2), (3)");
        (await connection.ExecuteScalarAsync("SELECT count() FROM dedup")).ShouldBe(6UL);
    }
}
