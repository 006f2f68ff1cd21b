using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CyberAgg.Api.Hosting;
using CyberAgg.Cli.Commands.Sovereign;
using CyberAgg.Configuration;
using CyberAgg.Events.Alerts;
using CyberAgg.Federation.Exchange;
using CyberAgg.Sharing.Configuration;
using CyberAgg.Sharing.Policy;
using CyberAgg.Storage.Schema;
using CyberAgg.Storage.Writers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Federation.Tests.Exchange;

/// <summary>What an analyst of the LV node does: the node's API, with LV's exchange of <see cref="ExchangeRunFixture"/> behind it, as <c>serve</c> wires it.</summary>
public sealed class ExchangeApiTests(ExchangeRunFixture run) : IClassFixture<ExchangeRunFixture>, IAsyncLifetime
{
    private const string LvToken = "cyb_lv-analyst-0123456789abcdefghijklmnopqrstuvwxyz";
    private const string EeToken = "cyb_ee-analyst-0123456789abcdefghijklmnopqrstuvwxyz";
    private const string OpsToken = "cyb_ops-0123456789abcdefghijklmnopqrstuvwxyz01234567";
    private readonly string alertId = "sov-" + Guid.NewGuid().ToString("N");
    private WebApplication? app;
    private Uri address = null!;

    public async Task InitializeAsync()
    {
        var clickHouse = await SharedClickHouse.GetAsync();
        var database = await clickHouse.NewDatabaseAsync();
        var connection = clickHouse.ConnectionString();
        await SchemaMigrator.ApplyAsync(connection, database);
        var options = new ApiOptions
        {
            Listen = "127.0.0.1:0",
            AlertsTopic = "cyberagg.alerts.v1",
            ClickHouse = new ClickHouseOptions { Url = clickHouse.Endpoint.ToString().TrimEnd('/'), Database = database, Password = clickHouse.Password },
            Kafka = new KafkaOptions { Bootstrap = run.AllianceBootstrap },
        };
        using (var writer = new ClickHouseWriter(options.ClickHouse.ConnectionString()))
        {
            var at = TimeProvider.System.GetUtcNow();
            var alert = new Alert
            {
                AlertId = alertId, RuleId = "r", RuleTitle = "Phishing domain seen in several countries", Level = "high", Kind = AlertKinds.CrossBorder,
                RaisedAt = at, FirstSeen = at, LastSeen = at, GroupKey = "blinded:" + run.DomainToken, GroupFields = new Dictionary<string, string>(),
                Countries = ["EE", "LV"], Partners = ["ee-cert", "lv-cert"], EventCount = 2, EvidenceEventIds = [], Tlp = "AMBER",
            };
            await writer.InsertAsync($"{database}.alerts", AlertRows.Columns, [AlertRows.ToRow(alert)], alertId, CancellationToken.None);
        }

        var policy = new SharingPolicy(SharingConfigLoader.Parse($"""
            partners:
              - {"{"} id: lv-cert, country: LV, display_name: CERT.LV, credential: {CredentialHash.Compute(LvToken)} {"}"}
              - {"{"} id: ee-cert, country: EE, display_name: CERT-EE, credential: {CredentialHash.Compute(EeToken)} {"}"}
            operators:
              - {"{"} id: soc-ops, display_name: Operations, credential: {CredentialHash.Compute(OpsToken)} {"}"}
            agreements: []
            """, new Dictionary<string, string>()));
        var lv = run.Nodes["lv-node"];
        var adapter = new ExchangeApiAdapter(lv, run.Options["lv-node"]);
        app = ApiHost.Build(options, policy, TimeProvider.System, l => l.SetMinimumLevel(LogLevel.Warning), s => s.AddSingleton<CyberAgg.Api.Federation.IClearValueExchange>(adapter));
        await app.StartAsync();
        address = app.BoundAddress();
    }

    [Fact]
    public async Task PostAlertId_ByNodesOwnPartner_ReleasesValueFromTheOtherCountrysNode()
    {
        using var client = Client(LvToken);
        var response = await client.PostAsJsonAsync("/api/federation/exchanges", new { alert_id = alertId });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var request = body.RootElement.GetProperty("requests").EnumerateArray().ShouldHaveSingleItem();
        request.GetProperty("owner").GetString().ShouldBe("ee-node");
        request.GetProperty("status").GetString().ShouldBe(ExchangeReasons.Released);
        request.GetProperty("value").GetString().ShouldBe(ExchangeRunFixture.Domain);
        request.GetProperty("agreement_id").GetString().ShouldBe("ee-lv");
        request.GetProperty("analyst").GetString().ShouldBe("lv-cert");

        var id = request.GetProperty("id").GetString();
        using var later = JsonDocument.Parse(await client.GetStringAsync($"/api/federation/exchanges/{id}"));
        later.RootElement.GetProperty("status").GetString().ShouldBe(ExchangeReasons.Released);
        later.RootElement.GetProperty("value").GetString().ShouldBe(ExchangeRunFixture.Domain);
        later.RootElement.GetProperty("alert_id").GetString().ShouldBe(alertId);
        using var list = JsonDocument.Parse(await client.GetStringAsync("/api/federation/exchanges?limit=200"));
        list.RootElement.GetProperty("requests").EnumerateArray().ShouldContain(r => r.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task PostTokenAndOwner_ByOperator_ShowsRefusalWithReason()
    {
        using var client = Client(OpsToken);
        var response = await client.PostAsJsonAsync("/api/federation/exchanges", new { token = run.RedToken, owner = "ee-node" });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var request = body.RootElement.GetProperty("requests")[0];
        request.GetProperty("status").GetString().ShouldBe(ExchangeReasons.Refused);
        request.GetProperty("reason").GetString().ShouldBe(ExchangeReasons.TlpRed);
        request.GetProperty("value").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Post_ByPartnerThisNodeDoesNotHold_Forbidden()
    {
        using var client = Client(EeToken);
        var response = await client.PostAsJsonAsync("/api/federation/exchanges", new { alert_id = alertId });
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).ShouldContain("federation.partners");
        (await client.GetAsync("/api/federation/exchanges")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("""{"token":"not-a-token","owner":"ee-node"}""", "token")]
    [InlineData("""{"token":"0123456789abcdef0123456789abcdef","owner":"xx-node"}""", "owner")]
    [InlineData("""{"token":"0123456789abcdef0123456789abcdef"}""", "body")]
    [InlineData("""{"alert_id":"x","owner":"ee-node"}""", "alert_id")]
    [InlineData("""{"value":"1.2.3.4"}""", "value")]
    public async Task Post_BadBody_BadRequestNamingTheField(string json, string field)
    {
        using var client = Client(LvToken);
        var response = await client.PostAsync("/api/federation/exchanges", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("errors").TryGetProperty(field, out var message).ShouldBeTrue(body.RootElement.ToString());
        message[0].GetString()!.ShouldNotContain("\n");
    }

    [Fact]
    public async Task Get_UnknownRequestOrAnonymous_NotFoundOrUnauthorized()
    {
        using var client = Client(LvToken);
        (await client.GetAsync("/api/federation/exchanges/" + new string('0', 32))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var anonymous = new HttpClient { BaseAddress = address };
        (await anonymous.GetAsync("/api/federation/exchanges")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ExchangeCommand_ApiAnswers_OneLinePerRequestOrOneLineError()
    {
        using var client = Client(OpsToken);
        var output = new StringWriter();
        var error = new StringWriter();
        var released = await ExchangeCommand.PrintAsync(await client.PostAsJsonAsync("/api/federation/exchanges", new { token = run.DomainToken, owner = "ee-node" }), json: false, output, error, CancellationToken.None);
        released.ShouldBe(0);
        output.ToString().Trim().ShouldEndWith($"ee-node  released  under agreement ee-lv, TLP AMBER: {ExchangeRunFixture.Domain}");

        var bad = await ExchangeCommand.PrintAsync(await client.PostAsJsonAsync("/api/federation/exchanges", new { token = "xyz", owner = "ee-node" }), json: false, output, error, CancellationToken.None);
        bad.ShouldBe(1);
        error.ToString().Trim().ShouldStartWith("error: 400 token: token 'xyz' is not a token");
        error.ToString().Trim().ShouldNotContain("\n");
    }

    private HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
