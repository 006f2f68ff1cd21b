using ClickHouse.Driver;
using CyberAgg.Storage.Schema;
using CyberAgg.Storage.Tables;
using CyberAgg.Storage.Writers;
using CyberAgg.Testing;

namespace CyberAgg.Storage.Tests.Tables;

/// <summary>
/// The health, pivot and extent reads apply the caller's scope in the gateway: own rows at every TLP, another owner's
/// only at a released TLP, an unreadable label never; raw sightings never cross owners.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class EventsTableScopeTests(ClickHouseFixture fixture) : IAsyncLifetime
{
    private const string Indicator = "203.0.113.9";

    // lv may read ee's AMBER rows (an agreement ee-to-lv), nothing else of ee.
    private static readonly RowScope Lv = new(false, "lv-cert", ["ee-cert|AMBER"], []);
    private static readonly RowScope Admin = RowScope.Operator("soc-ops");
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() / 60 * 60);
    private string database = "";

    public async Task InitializeAsync()
    {
        database = "g_" + Guid.NewGuid().ToString("N")[..12];
        await SchemaMigrator.ApplyAsync(fixture.ConnectionString(), database);
        using var writer = new ClickHouseWriter(fixture.ConnectionString());
        object[] Row(string id, DateTimeOffset ts, string partner, string tlp) =>
            [id, ts.UtcDateTime, Now.AddMinutes(-1).UtcDateTime, partner, partner[..2].ToUpperInvariant(), "sensor-1", "network", tlp, Indicator];
        await writer.InsertAsync($"{database}.events", ["event_id", "ts", "ingested_at", "partner", "country", "observer_name", "category", "tlp", "source_ip"],
        [
            Row("ee-red", Now.AddHours(-3), "ee-cert", "RED"),
            Row("ee-purple", Now.AddHours(-3), "ee-cert", "PURPLE"),
            Row("ee-amber", Now.AddHours(-2), "ee-cert", "AMBER"),
            Row("lv-red", Now.AddHours(-1), "lv-cert", "RED"),
        ], "seed", CancellationToken.None);
    }

    [Fact]
    public async Task ArrivalsAsync_PartnerScope_CountsAnothersRowsOnlyAtReleasedTlps()
    {
        using var client = new ClickHouseClient(fixture.ConnectionString());
        var events = new EventsTable(client, database);

        var lv = await events.ArrivalsAsync(Lv, Now, TimeSpan.FromMinutes(15), TimeSpan.FromHours(24), null, CancellationToken.None);
        var admin = await events.ArrivalsAsync(Admin, Now, TimeSpan.FromMinutes(15), TimeSpan.FromHours(24), null, CancellationToken.None);

        lv.Select(r => $"{r.Partner}={r.Recent}@{r.LastEvent:HH:mm}").Order(StringComparer.Ordinal)
            .ShouldBe([$"ee-cert=1@{Now.AddHours(-2):HH:mm}", $"lv-cert=1@{Now.AddHours(-1):HH:mm}"]);
        admin.Single(r => r.Partner == "ee-cert").Recent.ShouldBe(3);
    }

    [Fact]
    public async Task SightingsAsync_PartnerWithAgreements_SeesOnlyItsOwnRawEvents()
    {
        using var client = new ClickHouseClient(fixture.ConnectionString());
        var events = new EventsTable(client, database);
        var lvWithAll = Lv with { AnyOwnerTlps = ["AMBER", "RED"] };

        (await events.SightingsAsync(lvWithAll, Indicator, Now.AddDays(-1), CancellationToken.None)).Select(s => s.Partner).Distinct().ShouldBe(["lv-cert"]);
        (await events.SightingsAsync(Admin, Indicator, Now.AddDays(-1), CancellationToken.None)).Sum(s => s.Events).ShouldBe(4);
    }

    [Fact]
    public async Task ExtentAsync_PartnerScope_SpansOnlyTheRowsItMaySee()
    {
        using var client = new ClickHouseClient(fixture.ConnectionString());
        var rates = new EventRatesTable(client, database);

        (await rates.ExtentAsync(Lv, Now.AddDays(-1), CancellationToken.None)).ShouldBe((Now.AddHours(-2), Now.AddHours(-1).AddMinutes(1)));
        (await rates.ExtentAsync(Admin, Now.AddDays(-1), CancellationToken.None))?.From.ShouldBe(Now.AddHours(-3));
        (await rates.ExtentAsync(new RowScope(false, "lt-cert", [], ["GREEN"]), Now.AddDays(-1), CancellationToken.None)).ShouldBeNull();
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
