using System.Text;
using CyberAgg.Federation.Blinding;
using CyberAgg.Federation.Oprf;

namespace CyberAgg.Federation.Tests.Oprf;

public sealed class KeyServiceTests(OprfRunFixture run) : IClassFixture<OprfRunFixture>
{
    [Fact]
    public void TokensAsync_TwoNodesSameValues_SameTokensAsWithEveryShare()
    {
        run.LtTokens.ShouldBe(run.EeTokens);
        run.EeTokens.ShouldBe(OprfRunFixture.Values.Select(v => run.Reference(v.Kind, v.Value)).ToList());
        // One IP as source.ip and as destination.ip: kind-separated tokens.
        run.EeTokens.Distinct().Count().ShouldBe(OprfRunFixture.Values.Length);
    }

    [Fact]
    public void TokensAsync_ValueSeenAgain_AnsweredFromTheEpochCache()
    {
        run.LtAgain.ShouldBe(run.LtTokens.Reverse().ToList());
        run.LtEvaluatedFirst.ShouldBe(OprfRunFixture.Values.Length * OprfRunFixture.Services.Length);
        run.LtEvaluatedAgain.ShouldBe(run.LtEvaluatedFirst);
        run.KeyServices["lv-node"].Used("lt-node", run.Epoch).ShouldBe(OprfRunFixture.Values.Length);
    }

    [Fact]
    public void TokensAsync_OverTheEpochBudget_RefusedWholeAndNotCharged()
    {
        run.FiWithinLimit.Count.ShouldBe(OprfRunFixture.MaxPerEpoch - 5);
        run.FiOverLimit.ShouldNotBeNull();
        run.FiOverLimit.Reason.ShouldBe(OprfReasons.RateLimited);
        run.FiOverLimit.Service.ShouldBe("ee-node");
        run.FiOverLimit.Message.ShouldContain("rate_limited");
        // The 15 new values would take FI past 30: none was evaluated, the 25 granted stay counted.
        run.FiUsedAtEe.ShouldBe(OprfRunFixture.MaxPerEpoch - 5);
        run.Clients["fi-node"].Cached(run.Epoch, "source.ip", "192.0.2.29").ShouldBeNull();
        run.Clients["fi-node"].Cached(run.Epoch, "source.ip", "192.0.2.0").ShouldNotBeNull();
        // Other members keep their own budget.
        run.KeyServices["ee-node"].Used("lt-node", run.Epoch).ShouldBe(OprfRunFixture.Values.Length);
    }

    [Fact]
    public void Topics_NoMessage_CarriesAValueOrAToken()
    {
        run.Messages.Count.ShouldBeGreaterThanOrEqualTo(4 * OprfRunFixture.Services.Length);
        var secrets = OprfRunFixture.Values.Select(v => v.Value).Concat(run.EeTokens).Concat(run.FiWithinLimit).Append("192.0.2.").ToList();
        foreach (var message in run.Messages)
        {
            var text = Encoding.UTF8.GetString(message);
            foreach (var secret in secrets)
            {
                text.ShouldNotContain(secret);
            }

            // Nor the unblinded hash of a value: the services see r·H only.
            foreach (var (kind, value) in OprfRunFixture.Values)
            {
                text.ShouldNotContain(Convert.ToBase64String(OprfProtocol.HashToCurve(kind, run.Epoch, value)));
            }
        }
    }

    [Fact]
    public void Handle_ReplayedOrForgedRequest_RejectedUnanswered()
    {
        run.KeyServices["ee-node"].Rejected.ShouldBe(2);
        run.KeyServices["lv-node"].Rejected.ShouldBe(0);
        // The replay charged LT nothing more.
        run.KeyServices["ee-node"].Used("lt-node", run.Epoch).ShouldBe(OprfRunFixture.Values.Length);
    }

    [Fact]
    public void Tokens_OneServiceShareAlone_DoesNotReproduceThem()
    {
        foreach (var service in OprfRunFixture.Services)
        {
            var share = new KeyShare(run.Shares[service]);
            for (var i = 0; i < OprfRunFixture.Values.Length; i++)
            {
                var (kind, value) = OprfRunFixture.Values[i];
                var (point, r) = OprfProtocol.Blind(kind, run.Epoch, value);
                OprfProtocol.Finalize(kind, run.Epoch, value, OprfProtocol.Unblind(share.Evaluate(run.Epoch, point), r)).ShouldNotBe(run.EeTokens[i]);
            }
        }

        // And the HMAC mode's transform under any secret is a different function altogether.
        new IndicatorBlinder(run.Shares["ee-node"]).Blind(run.Epoch, "source.ip", "203.0.113.66").ShouldNotBe(run.EeTokens[0]);
    }
}
