using System.Text;
using CyberAgg.Federation.Exchange;

namespace CyberAgg.Federation.Tests.Exchange;

/// <summary>The audited clear-value exchange over the embedded alliance Kafka and ClickHouse (one run, see <see cref="ExchangeRunFixture"/>).</summary>
public sealed class ClearValueExchangeTests(ExchangeRunFixture run) : IClassFixture<ExchangeRunFixture>
{
    [Fact]
    public async Task Request_AllowedByAgreement_RevealsValueToRequesterAndAuditsBothSides()
    {
        run.LvDomain.Decision.ShouldBe(ExchangeReasons.Released);
        run.LvDomain.Value.ShouldBe(ExchangeRunFixture.Domain);
        run.LvDomain.AgreementId.ShouldBe("ee-lv");
        run.LvDomain.Tlp.ShouldBe("AMBER");
        run.LvDomain.Kind.ShouldBe("domain");

        // The replayed answer adds a 'rejected' row to this request (ForgedAndReplayedRequests_...); the exchange itself is two rows.
        var requester = (await run.Nodes["lv-node"].RowsAsync(run.LvDomain.RequestId, CancellationToken.None)).Where(r => r.Decision != ExchangeReasons.Rejected).ToList();
        requester.Select(r => r.Decision).ShouldBe([ExchangeReasons.Requested, ExchangeReasons.Released]);
        requester.ShouldAllBe(r => r.Role == ExchangeAuditRow.RequesterRole && r.Requester == "lv-node" && r.Owner == "ee-node" && r.Token == run.DomainToken && r.Analyst == "lv-analyst" && r.AlertId == "alert-lv-node");
        requester[1].ClearValue.ShouldBe(ExchangeRunFixture.Domain);
        requester[1].AgreementId.ShouldBe("ee-lv");
        requester[1].AuditedAt.ShouldBeGreaterThanOrEqualTo(requester[1].RequestedAt);

        var owner = await run.Nodes["ee-node"].RowsAsync(run.LvDomain.RequestId, CancellationToken.None);
        var answered = owner.Where(r => r.Decision != ExchangeReasons.Rejected).ShouldHaveSingleItem();
        answered.Role.ShouldBe(ExchangeAuditRow.OwnerRole);
        answered.Decision.ShouldBe(ExchangeReasons.Released);
        answered.Requester.ShouldBe("lv-node");
        answered.Analyst.ShouldBe("lv-analyst");
        answered.AgreementId.ShouldBe("ee-lv");
        answered.Tlp.ShouldBe("AMBER");
        answered.ClearValue.ShouldBeEmpty("the owner's audit records the release, not a copy of the value");

        foreach (var other in new[] { "fi-node", "lt-node" })
        {
            var rows = await run.Nodes[other].RecentAsync(100, CancellationToken.None);
            rows.ShouldNotContain(r => r.RequestId == run.LvDomain.RequestId || r.ClearValue == ExchangeRunFixture.Domain, other);
        }
    }

    [Fact]
    public void Request_AmberStrictToNodeTheAgreementNames_Released()
    {
        run.FiStrict.Decision.ShouldBe(ExchangeReasons.Released);
        run.FiStrict.Value.ShouldBe(ExchangeRunFixture.StrictIp);
        run.FiStrict.AgreementId.ShouldBe("ee-fi");
        run.FiStrict.Tlp.ShouldBe("AMBER+STRICT");
    }

    [Fact]
    public async Task Request_AmberStrictToPartnerNamedOnlyByCountry_Refused()
    {
        run.LvStrict.Decision.ShouldBe(ExchangeReasons.Refused);
        run.LvStrict.Reason.ShouldBe(ExchangeReasons.AmberStrictNotNamed);
        run.LvStrict.Value.ShouldBeNull();
        await ShouldBeAuditedOnBothSidesAsync(run.LvStrict, "lv-node", ExchangeReasons.AmberStrictNotNamed);
    }

    [Fact]
    public async Task Request_ValueAlsoSeenAsTlpRed_Refused()
    {
        run.LvRed.Decision.ShouldBe(ExchangeReasons.Refused);
        run.LvRed.Reason.ShouldBe(ExchangeReasons.TlpRed);
        run.LvRed.Value.ShouldBeNull();
        await ShouldBeAuditedOnBothSidesAsync(run.LvRed, "lv-node", ExchangeReasons.TlpRed);
    }

    [Fact]
    public async Task Request_NoAgreement_Refused()
    {
        run.LtDomain.Decision.ShouldBe(ExchangeReasons.Refused);
        run.LtDomain.Reason.ShouldBe(ExchangeReasons.NoAgreement);
        run.LtDomain.Value.ShouldBeNull();
        await ShouldBeAuditedOnBothSidesAsync(run.LtDomain, "lt-node", ExchangeReasons.NoAgreement);
    }

    [Fact]
    public void Request_TokenOwnerNeverSaw_Refused()
    {
        run.LvUnknown.Decision.ShouldBe(ExchangeReasons.Refused);
        run.LvUnknown.Reason.ShouldBe(ExchangeReasons.UnknownToken);
        run.LvUnknown.Value.ShouldBeNull();
    }

    [Fact]
    public async Task ForgedAndReplayedRequests_Rejected_AuditedWithoutAnswer()
    {
        var owner = await run.Nodes["ee-node"].RecentAsync(200, CancellationToken.None);
        var rejected = owner.Where(r => r.Decision == ExchangeReasons.Rejected).ToList();
        rejected.Count(r => r.Reason == "bad_signature").ShouldBe(2, "the altered request and the one LT signed in LV's name");
        rejected.ShouldContain(r => r.Reason == ExchangeReasons.Replay && r.RequestId == run.LvDomain.RequestId);
        rejected.ShouldContain(r => r.Reason == "bad_signature" && r.RequestId == new string('a', 32));
        owner.Where(r => r.Decision is ExchangeReasons.Released or ExchangeReasons.Refused).Select(r => r.RequestId).ShouldBeUnique("every genuine request is answered once, replays never");

        var requester = await run.Nodes["lv-node"].RowsAsync(run.LvDomain.RequestId, CancellationToken.None);
        requester.ShouldContain(r => r.Decision == ExchangeReasons.Rejected && r.Reason == ExchangeReasons.UnknownRequest, "the replayed answer opens nothing a second time");
        requester.Count(r => r.Decision == ExchangeReasons.Released).ShouldBe(1);
        run.Nodes["fi-node"].Rejected.ShouldBe(0);
    }

    [Fact]
    public void ExchangeTopics_EveryMessage_HoldsNoClearValue()
    {
        run.Messages.Count.ShouldBeGreaterThanOrEqualTo(16, "six requests, six answers, three replays or forgeries and one replayed answer");
        foreach (var value in new[] { ExchangeRunFixture.Domain, ExchangeRunFixture.StrictIp, ExchangeRunFixture.RedIp })
        {
            var needle = Encoding.UTF8.GetBytes(value);
            run.Messages.Count(m => m.AsSpan().IndexOf(needle) >= 0).ShouldBe(0, value);
        }

        run.Messages.Count(m => m.AsSpan().IndexOf(Encoding.UTF8.GetBytes(run.DomainToken)) >= 0).ShouldBeGreaterThan(0, "the scan sees the exchange messages themselves");
    }

    private async Task ShouldBeAuditedOnBothSidesAsync(ExchangeOutcome outcome, string requester, string reason)
    {
        var mine = await run.Nodes[requester].RowsAsync(outcome.RequestId, CancellationToken.None);
        mine.Select(r => r.Decision).ShouldBe([ExchangeReasons.Requested, ExchangeReasons.Refused]);
        mine[1].Reason.ShouldBe(reason);
        mine.ShouldAllBe(r => r.ClearValue == "");
        var theirs = await run.Nodes["ee-node"].RowsAsync(outcome.RequestId, CancellationToken.None);
        var row = theirs.ShouldHaveSingleItem();
        row.Decision.ShouldBe(ExchangeReasons.Refused);
        row.Reason.ShouldBe(reason);
        row.Requester.ShouldBe(requester);
    }
}
