using CyberAgg.Configuration;
using CyberAgg.Sharing.Configuration;

namespace CyberAgg.Sharing.Tests.Configuration;

/// <summary>Several credentials per principal, each with an optional expiry, so a token can be rotated without a gap.</summary>
public sealed class CredentialRotationTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Authenticate_TwoActiveTokensOfOnePartner_BothAreThatPartner()
    {
        var policy = TestConfig.Policy();

        policy.Authenticate(TestConfig.LtToken, Now)!.Id.ShouldBe("lt-cert");
        policy.Authenticate(TestConfig.LtNextToken, Now)!.Id.ShouldBe("lt-cert");
    }

    [Fact]
    public void Authenticate_ExpiredToken_IsRefused()
    {
        TestConfig.Policy().Authenticate(TestConfig.LtExpiredToken, Now).ShouldBeNull();
    }

    [Fact]
    public void Authenticate_TokenAtItsExpiryInstant_IsRefused()
    {
        var policy = TestConfig.Policy();

        policy.Authenticate(TestConfig.LtNextToken, new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(-1)).ShouldNotBeNull();
        policy.Authenticate(TestConfig.LtNextToken, new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero)).ShouldBeNull();
    }

    [Theory]
    [InlineData("credential: sha256:" + "ab", "credential")]
    [InlineData("credentials: []", "credentials")]
    [InlineData("credentials:\n      - hash: sha256:0000000000000000000000000000000000000000000000000000000000000001\n        expires: next tuesday", "credentials[0].expires")]
    [InlineData("credentials:\n      - hash: sha256:0000000000000000000000000000000000000000000000000000000000000001\n        colour: red", "credentials[0].colour")]
    [InlineData("credential: sha256:0000000000000000000000000000000000000000000000000000000000000002\n    credentials:\n      - hash: sha256:0000000000000000000000000000000000000000000000000000000000000001", "credential")]
    public void Parse_BadCredentials_NameTheKey(string credentials, string key)
    {
        var yaml = $"""
            partners:
              - id: ee-cert
                country: EE
                display_name: CERT-EE
                {credentials}
            agreements: []
            """;

        Should.Throw<ConfigurationException>(() => SharingConfigLoader.Parse(yaml)).Key.ShouldBe("partners[0]." + key);
    }
}
