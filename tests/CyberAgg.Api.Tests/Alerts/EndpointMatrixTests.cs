using System.Net;
using System.Text.Json;
using CyberAgg.Api.Tests.Support;
using CyberAgg.Events.Alerts;
using CyberAgg.Sharing.Tests;

namespace CyberAgg.Api.Tests.Alerts;

/// <summary>
/// The authorization matrix: every endpoint × caller × TLP × owner set, evidence with colliding ids and statistics
/// included, against <see cref="AccessMatrix"/>'s hand-written expectations.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class EndpointMatrixTests(ApiFixture fixture) : IAsyncLifetime
{
    // Three days back: away from the other tests' windows, inside the events table's TTL.
    private static readonly DateTimeOffset Base = Seed.T0.AddDays(-3);
    private static readonly string Window = $"from={Base.AddHours(-1):yyyy-MM-ddTHH:mm:ssZ}&to={Base.AddHours(2):yyyy-MM-ddTHH:mm:ssZ}";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static bool seeded;

    public static IEnumerable<(string Id, string Set, string Kind, string[] Owners, string Tlp)> Alerts() =>
        AccessMatrix.OwnerSets.SelectMany(s => AccessMatrix.Tlps.Select(t => ($"mx-{s.Name}-{Slug(t)}", s.Name, s.Kind, s.Owners, t)));

    public static TheoryData<string, string> CallerAlertPairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var caller in AccessMatrix.Callers)
        {
            foreach (var alert in Alerts())
            {
                data.Add(caller.Id, alert.Id);
            }
        }

        return data;
    }

    public static TheoryData<string, string> UnauthenticatedRequests()
    {
        string[] endpoints =
        [
            "GET /api/alerts", "GET /api/alerts/mx-ee-clear", "GET /api/alerts/mx-ee-clear/stix", "GET /api/alerts/stream",
            "GET /api/stats", "GET /api/stats/shared-indicators", "GET /api/me", "GET /api/partners", "GET /api/audit?alert_id=mx-ee-clear",
            "POST /api/alerts/mx-ee-clear/ack", "POST /api/alerts/mx-ee-clear/assign", "POST /api/alerts/mx-ee-clear/close",
        ];
        var data = new TheoryData<string, string>();
        foreach (var endpoint in endpoints)
        {
            data.Add("none", endpoint);
            data.Add("expired", endpoint);
            data.Add("unknown", endpoint);
        }

        return data;
    }

    public async Task InitializeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (seeded)
            {
                return;
            }

            var i = 0;
            var alerts = Alerts().Select(a => Seed.Make(a.Id, a.Tlp, a.Kind, a.Owners, Group(a.Kind, i), [EvidenceId(a.Id)], 0) with { RaisedAt = Base.AddMinutes(i++) }).ToArray();
            await fixture.StoreAsync(alerts);
            var events = new List<(string, DateTimeOffset, string, string, string, string, string)>();
            foreach (var a in Alerts())
            {
                foreach (var owner in a.Owners)
                {
                    events.Add((EvidenceId(a.Id), Base, owner, owner[..2].ToUpperInvariant(), "matrix-evidence", a.Tlp, "user-of-" + owner));
                }

                // The same id, owned by a partner that did not contribute: it must never show as this alert's evidence.
                var decoy = a.Owners.Contains("lt-cert") ? "ee-cert" : "lt-cert";
                events.Add((EvidenceId(a.Id), Base.AddSeconds(-1), decoy, decoy[..2].ToUpperInvariant(), "matrix-evidence", "CLEAR", "decoy"));
            }

            // Statistics: one event per owner (fr-cert is in no configured partner list) and label, in its own category.
            foreach (var owner in AccessMatrix.Partners.Append("fr-cert"))
            {
                foreach (var tlp in AccessMatrix.Tlps)
                {
                    events.Add(($"mx-stat-{owner}-{Slug(tlp)}", Base.AddMinutes(30), owner, owner[..2].ToUpperInvariant(), $"mx-{owner}-{Slug(tlp)}", tlp, ""));
                }
            }

            await fixture.StoreEventsAsync("matrix-seed", [.. events]);
            seeded = true;
        }
        finally
        {
            Gate.Release();
        }
    }

    [Theory]
    [MemberData(nameof(CallerAlertPairs))]
    public async Task Detail_StixAndEvidence_MatchTheMatrix(string caller, string alertId)
    {
        var alert = Alerts().Single(a => a.Id == alertId);
        var expected = AccessMatrix.SeesAlert(caller, alert.Owners, alert.Kind, alert.Tlp);
        using var client = fixture.As(Token(caller));

        var detail = await client.GetAsync($"/api/alerts/{alertId}");
        var stix = await client.GetAsync($"/api/alerts/{alertId}/stix");

        detail.StatusCode.ShouldBe(expected ? HttpStatusCode.OK : HttpStatusCode.NotFound);
        stix.StatusCode.ShouldBe(expected ? HttpStatusCode.OK : HttpStatusCode.NotFound);
        if (expected)
        {
            using var doc = JsonDocument.Parse(await detail.Content.ReadAsStringAsync());
            doc.RootElement.GetProperty("evidence").EnumerateArray().Select(e => e.GetProperty("partner").GetString()).Order(StringComparer.Ordinal)
                .ShouldBe(alert.Owners.Order(StringComparer.Ordinal), "the alert's own partners' events, never the decoy with the same id");
            (await detail.Content.ReadAsStringAsync()).ShouldNotContain("decoy");
        }
    }

    [Theory]
    [MemberData(nameof(CallerAlertPairs))]
    public async Task Ack_MatchesTheMatrix(string caller, string alertId)
    {
        var alert = Alerts().Single(a => a.Id == alertId);
        var visible = AccessMatrix.SeesAlert(caller, alert.Owners, alert.Kind, alert.Tlp);
        using var client = fixture.As(Token(caller));

        var response = await client.PostAsync($"/api/alerts/{alertId}/ack", null);

        response.StatusCode.ShouldBe(!visible ? HttpStatusCode.NotFound : AccessMatrix.MayChangeStatus(caller, alert.Owners) ? HttpStatusCode.OK : HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("ee-cert")]
    [InlineData("lv-cert")]
    [InlineData("lt-cert")]
    [InlineData(AccessMatrix.Operator)]
    public async Task List_MatchesTheMatrix(string caller)
    {
        using var client = fixture.As(Token(caller));

        using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/alerts?limit=500&" + Window));

        doc.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("alert_id").GetString()!).Where(id => id.StartsWith("mx-", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ShouldBe(Alerts().Where(a => AccessMatrix.SeesAlert(caller, a.Owners, a.Kind, a.Tlp)).Select(a => a.Id).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("ee-cert")]
    [InlineData("lv-cert")]
    [InlineData("lt-cert")]
    [InlineData(AccessMatrix.Operator)]
    public async Task Stats_MatchesTheMatrix(string caller)
    {
        using var client = fixture.As(Token(caller));

        using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/stats?" + Window));

        var expected = AccessMatrix.Partners.Append("fr-cert")
            .SelectMany(o => AccessMatrix.Tlps.Where(t => AccessMatrix.CountsEvents(caller, o, t)).Select(t => $"mx-{o}-{Slug(t)}"));
        doc.RootElement.GetProperty("by_category").EnumerateArray().Select(s => s.GetProperty("key").GetString()!).Where(k => k.StartsWith("mx-", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ShouldBe(expected.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("ee-cert")]
    [InlineData("lv-cert")]
    [InlineData("lt-cert")]
    [InlineData(AccessMatrix.Operator)]
    public async Task Stream_MatchesTheMatrix(string caller)
    {
        using var client = fixture.As(Token(caller));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await client.GetAsync("/api/alerts/stream", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var i = 0;
        foreach (var a in Alerts())
        {
            await fixture.ProduceAsync(Seed.Make($"{a.Id}-{suffix}", a.Tlp, a.Kind, a.Owners, Group(a.Kind, i++), [], 0));
        }

        // Produced last on the one partition, and visible to the caller: once it arrives, every alert before it was decided.
        var sentinelOwner = caller == AccessMatrix.Operator ? "ee-cert" : caller;
        await fixture.ProduceAsync(Seed.Make($"sentinel-{suffix}", "CLEAR", AlertKinds.Detection, [sentinelOwner], new(), [], 0));
        var seen = new List<string>();
        while (await reader.NextAsync(timeout.Token) is { } e)
        {
            if (!e.Data.Contains(suffix, StringComparison.Ordinal))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(e.Data);
            var id = doc.RootElement.GetProperty("alert_id").GetString()!;
            if (id.StartsWith("sentinel-", StringComparison.Ordinal))
            {
                break;
            }

            seen.Add(id[..^(suffix.Length + 1)]);
        }

        seen.Order(StringComparer.Ordinal).ShouldBe(Alerts().Where(a => AccessMatrix.SeesAlert(caller, a.Owners, a.Kind, a.Tlp)).Select(a => a.Id).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(UnauthenticatedRequests))]
    public async Task AnyEndpoint_WithoutAValidToken_Is401(string credential, string endpoint)
    {
        using var client = credential switch
        {
            "expired" => fixture.As(TestConfig.LtExpiredToken),
            "unknown" => fixture.As("cyb_nobody-0123456789abcdefghijklmnopqrstuvwxyzABCD"),
            _ => fixture.Anonymous(),
        };
        var (method, path) = (endpoint[..endpoint.IndexOf(' ', StringComparison.Ordinal)], endpoint[(endpoint.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("ee-cert", HttpStatusCode.Forbidden)]
    [InlineData("lv-cert", HttpStatusCode.Forbidden)]
    [InlineData("lt-cert", HttpStatusCode.Forbidden)]
    [InlineData(AccessMatrix.Operator, HttpStatusCode.OK)]
    public async Task Audit_OnlyOperators(string caller, HttpStatusCode expected)
    {
        using var client = fixture.As(Token(caller));

        (await client.GetAsync("/api/audit?alert_id=mx-ee-clear")).StatusCode.ShouldBe(expected);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string Token(string caller) => AccessMatrix.Callers.Single(c => c.Id == caller).Token;

    private static string EvidenceId(string alertId) => "ev-" + alertId;

    private static string Slug(string tlp) => tlp.Replace("+", "-", StringComparison.Ordinal).ToLowerInvariant();

    private static Dictionary<string, string> Group(string kind, int i) =>
        kind == AlertKinds.Correlation ? new() { ["user.name"] = $"user-{i}" } : new() { ["source.ip"] = $"192.0.2.{i % 250}" };
}
