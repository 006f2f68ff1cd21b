using CyberAgg.Events;
using CyberAgg.Federation.Exchange;

namespace CyberAgg.Federation.Tests.Exchange;

public sealed class ReleasePolicyTests
{
    private static ReleasePolicy Policy(params ReleaseAgreementOptions[] agreements)
    {
        var options = TestNodes.Options("ee-node", "EE", "ee-cert");
        options.ReleaseAgreements = [.. agreements];
        options.Validate();
        return new ReleasePolicy(options);
    }

    [Theory]
    [InlineData("CLEAR", "AMBER", true)]
    [InlineData("GREEN", "AMBER", true)]
    [InlineData("AMBER", "AMBER", true)]
    [InlineData("AMBER", "GREEN", false)]
    [InlineData("AMBER+STRICT", "AMBER", false)]
    public void Decide_TlpAgainstMaxTlp_ReleasesUpToIt(string seen, string max, bool released)
    {
        TlpNames.TryParse(seen, out var tlp).ShouldBeTrue();
        var decision = Policy(new ReleaseAgreementOptions { Id = "a", To = ["*"], Kinds = ["*"], MaxTlp = max })
            .Decide("lv-node", new OwnIndicator("x", 1, "domain", tlp));
        decision.Released.ShouldBe(released);
        decision.Reason.ShouldBe(released ? ExchangeReasons.Allowed : ExchangeReasons.NoAgreement);
    }

    [Fact]
    public void Decide_TlpRed_NeverReleasedWhateverTheAgreements()
    {
        var decision = Policy(new ReleaseAgreementOptions { Id = "a", To = ["lv-node"], Kinds = ["*"], MaxTlp = "AMBER+STRICT" })
            .Decide("lv-node", new OwnIndicator("x", 1, "domain", Tlp.Red));
        decision.Released.ShouldBeFalse();
        decision.Reason.ShouldBe(ExchangeReasons.TlpRed);
    }

    [Theory]
    [InlineData("lv-node", true)]
    [InlineData("LV", false)]
    [InlineData("*", false)]
    public void Decide_AmberStrict_OnlyToNodeNamedById(string to, bool released)
    {
        var decision = Policy(new ReleaseAgreementOptions { Id = "a", To = [to], Kinds = ["*"], MaxTlp = "AMBER+STRICT" })
            .Decide("lv-node", new OwnIndicator("x", 1, "source.ip", Tlp.AmberStrict));
        decision.Released.ShouldBe(released);
        decision.Reason.ShouldBe(released ? ExchangeReasons.Allowed : ExchangeReasons.AmberStrictNotNamed);
    }

    [Fact]
    public void Decide_KindNotListed_Refused()
    {
        var decision = Policy(new ReleaseAgreementOptions { Id = "a", To = ["LV"], Kinds = ["domain"], MaxTlp = "AMBER" })
            .Decide("lv-node", new OwnIndicator("x", 1, "source.ip", Tlp.Green));
        decision.Reason.ShouldBe(ExchangeReasons.NoAgreement);
    }

    [Fact]
    public void Decide_NoAgreementsOrUnknownToken_Refused()
    {
        Policy().Decide("lv-node", new OwnIndicator("x", 1, "domain", Tlp.Clear)).Reason.ShouldBe(ExchangeReasons.NoAgreement);
        Policy(new ReleaseAgreementOptions { Id = "a", To = ["*"], Kinds = ["*"] }).Decide("lv-node", null).Reason.ShouldBe(ExchangeReasons.UnknownToken);
    }

    [Fact]
    public void Decide_FirstAllowingAgreement_IsRecorded()
    {
        var decision = Policy(
                new ReleaseAgreementOptions { Id = "narrow", To = ["LV"], Kinds = ["domain"], MaxTlp = "GREEN" },
                new ReleaseAgreementOptions { Id = "wide", To = ["lv-node"], Kinds = ["*"], MaxTlp = "AMBER" })
            .Decide("lv-node", new OwnIndicator("x", 1, "domain", Tlp.Amber));
        decision.AgreementId.ShouldBe("wide");
    }
}
