using CyberAgg.Configuration;

namespace CyberAgg.Federation.Tests;

public sealed class FederationOptionsTests
{
    [Fact]
    public void Validate_Disabled_NothingRequired()
    {
        new FederationOptions().Validate();
    }

    [Fact]
    public void Validate_ValidNode_Passes()
    {
        TestNodes.Options("ee-node", "EE", "ee-cert").Validate();
    }

    [Theory]
    [InlineData("country", "federation.country")]
    [InlineData("secret", "federation.blinding_secret")]
    [InlineData("signing", "federation.signing_key")]
    [InlineData("member", "federation.members")]
    [InlineData("strict", "federation.amber_strict_to")]
    [InlineData("epoch", "federation.epoch")]
    [InlineData("alliance", "federation.alliance.bootstrap")]
    public void Validate_BadKey_OneLineErrorNamingIt(string bad, string key)
    {
        var options = TestNodes.Options("ee-node", "EE", "ee-cert");
        switch (bad)
        {
            case "country": options.Country = "Estonia"; break;
            case "secret": options.BlindingSecret = "base64:" + Convert.ToBase64String(new byte[8]); break;
            case "signing": options.SigningKey = "base64:AAAA"; break;
            case "member": options.Node = "fi-node"; break;
            case "strict": options.AmberStrictTo = ["xx-node"]; break;
            case "epoch": options.Epoch = TimeSpan.FromSeconds(90); break;
            case "alliance": options.Alliance = new KafkaOptions { Bootstrap = "" }; break;
        }

        var error = Should.Throw<ConfigurationException>(options.Validate);
        error.Message.ShouldContain(key);
        error.Message.ShouldNotContain(TestNodes.Secret[7..]);
    }

    [Theory]
    [InlineData("id", "federation.release_agreements[1].id")]
    [InlineData("to", "federation.release_agreements[0].to")]
    [InlineData("kinds", "federation.release_agreements[0].kinds")]
    [InlineData("red", "federation.release_agreements[0].max_tlp")]
    [InlineData("age", "federation.exchange_max_age")]
    [InlineData("rate", "federation.exchange_max_per_hour")]
    public void Validate_BadReleaseAgreementOrExchangeKey_OneLineErrorNamingIt(string bad, string key)
    {
        var options = TestNodes.Options("ee-node", "EE", "ee-cert");
        options.ReleaseAgreements =
        [
            new ReleaseAgreementOptions { Id = "a", To = ["LV"], Kinds = ["*"] },
            new ReleaseAgreementOptions { Id = "b", To = ["lv-node"], Kinds = ["domain"], MaxTlp = "AMBER+STRICT" },
        ];
        options.Validate();
        switch (bad)
        {
            case "id": options.ReleaseAgreements[1].Id = "a"; break;
            case "to": options.ReleaseAgreements[0].To = ["FI"]; break;
            case "kinds": options.ReleaseAgreements[0].Kinds = []; break;
            case "red": options.ReleaseAgreements[0].MaxTlp = "RED"; break;
            case "age": options.ExchangeMaxAge = TimeSpan.FromSeconds(1); break;
            case "rate": options.ExchangeMaxPerHour = 0; break;
        }

        var error = Should.Throw<ConfigurationException>(options.Validate);
        error.Message.ShouldStartWith(key);
        error.Message.ShouldNotContain("\n");
    }

    [Fact]
    public void Publisher_EpochShorterThanLongestWindow_Refused()
    {
        var options = TestNodes.Options("ee-node", "EE", "ee-cert");
        options.Epoch = TimeSpan.FromMinutes(30);
        var error = Should.Throw<ConfigurationException>(() => new CyberAgg.Federation.Publishing.FederationPublisher(options, new KafkaOptions(), "t", TimeSpan.FromSeconds(30), Local.SovereignRunFixture.Rules, new LocalIndicators(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));
        error.Message.ShouldContain("federation.epoch");
        error.Message.ShouldContain("01:00:00");
    }
}
