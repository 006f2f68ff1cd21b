using CyberAgg.Configuration;
using CyberAgg.Events.Ingest;

namespace CyberAgg.Correlator.Tests;

public sealed class IngestOptionsTests
{
    [Fact]
    public void Validate_KeyWithoutCountry_FailsNamingTheKeyAndTheFix()
    {
        var options = new IngestOptions
        {
            Trust = IngestTrust.Signed,
            Keys = [new IngestKeyOptions { Partner = "ee-cert", KeyId = "k1", Secret = "0123456789abcdef0123" }],
        };

        var error = Should.Throw<ConfigurationException>(options.Validate);

        error.Message.ShouldContain("ingest.keys[0].country");
        error.Message.ShouldContain("country: EE");
    }

    [Theory]
    [InlineData("ee")]
    [InlineData("EST")]
    [InlineData("E1")]
    public void Validate_CountryNotAlpha2_Fails(string country)
    {
        var options = new IngestOptions
        {
            Trust = IngestTrust.Signed,
            Keys = [new IngestKeyOptions { Partner = "ee-cert", KeyId = "k1", Secret = "0123456789abcdef0123", Country = country }],
        };

        Should.Throw<ConfigurationException>(options.Validate).Message.ShouldContain("ISO 3166-1 alpha-2");
    }

    [Fact]
    public void Validate_KeyWithCountry_Passes()
    {
        var options = new IngestOptions
        {
            Trust = IngestTrust.Signed,
            Keys = [new IngestKeyOptions { Partner = "ee-cert", KeyId = "k1", Secret = "0123456789abcdef0123", Country = "EE" }],
        };

        options.Validate();
    }
}
