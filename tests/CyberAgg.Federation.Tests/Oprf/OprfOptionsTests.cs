using CyberAgg.Configuration;

namespace CyberAgg.Federation.Tests.Oprf;

public sealed class OprfOptionsTests
{
    private static readonly string Share = "base64:" + Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private static FederationOptions Oprf(string node = "ee-node")
    {
        var options = TestNodes.Options(node, node[..2].ToUpperInvariant(), node[..2] + "-cert");
        options.Blinding = FederationOptions.OprfBlinding;
        options.BlindingSecret = "";
        options.KeyServices = ["ee-node", "lv-node"];
        options.KeyService = new KeyServiceOptions { Share = Share };
        return options;
    }

    [Fact]
    public void Validate_Default_HmacModeWithTheUsualLimit()
    {
        var options = new FederationOptions();
        options.Blinding.ShouldBe("hmac");
        options.UsesOprf.ShouldBeFalse();
        options.KeyService.MaxPerEpoch.ShouldBe(100_000);
    }

    [Fact]
    public void Validate_OprfModeWithoutBlindingSecret_Passes()
    {
        var options = Oprf();
        options.Validate();
        options.IsKeyService.ShouldBeTrue();
    }

    [Theory]
    [InlineData("mode", "federation.blinding")]
    [InlineData("none", "federation.key_services")]
    [InlineData("stranger", "federation.key_services")]
    [InlineData("twice", "federation.key_services")]
    [InlineData("share", "federation.key_service.share")]
    [InlineData("max", "federation.key_service.max_per_epoch")]
    public void Validate_BadOprfKey_OneLineErrorNamingIt(string bad, string key)
    {
        var options = Oprf();
        switch (bad)
        {
            case "mode": options.Blinding = "OPRF2"; break;
            case "none": options.KeyServices = []; break;
            case "stranger": options.KeyServices = ["ee-node", "xx-node"]; break;
            case "twice": options.KeyServices = ["ee-node", "ee-node"]; break;
            case "share": options.KeyService.Share = "base64:" + Convert.ToBase64String(new byte[16]); break;
            case "max": options.KeyService.MaxPerEpoch = 0; break;
        }

        var error = Should.Throw<ConfigurationException>(options.Validate);
        error.Key.ShouldBe(key);
        error.Message.ShouldNotContain("\n");
    }

    [Fact]
    public void Validate_NodeThatIsNoKeyService_NeedsNoShare()
    {
        var options = Oprf();
        options.KeyServices = ["lv-node"];
        options.KeyService = new KeyServiceOptions();
        options.Validate();
        options.IsKeyService.ShouldBeFalse();
    }
}
