namespace CyberAgg.Events.Tests;

public class TlpNamesTests
{
    [Theory]
    [InlineData("CLEAR", Tlp.Clear)]
    [InlineData("white", Tlp.Clear)]
    [InlineData("TLP:GREEN", Tlp.Green)]
    [InlineData("amber", Tlp.Amber)]
    [InlineData("AMBER+STRICT", Tlp.AmberStrict)]
    [InlineData("tlp:red", Tlp.Red)]
    public void TryParse_KnownLabel_Parses(string text, Tlp expected)
    {
        TlpNames.TryParse(text, out var tlp).ShouldBeTrue();
        tlp.ShouldBe(expected);
    }

    [Fact]
    public void ToName_EveryValue_RoundTrips()
    {
        foreach (var tlp in Enum.GetValues<Tlp>())
        {
            TlpNames.TryParse(tlp.ToName(), out var parsed).ShouldBeTrue();
            parsed.ShouldBe(tlp);
        }
    }

    [Theory]
    [InlineData("PURPLE")]
    [InlineData("AMBER STRICT")]
    [InlineData("")]
    [InlineData("TLP:")]
    public void ParseOrRed_UnknownLabel_FailsClosedAsRed(string text)
    {
        TlpNames.TryParse(text, out var tlp).ShouldBeFalse();
        tlp.ShouldBe(Tlp.Red);
        TlpNames.ParseOrRed(text).ShouldBe(Tlp.Red);
    }

    [Fact]
    public void Strictest_RedAndGreen_IsRed()
    {
        TlpNames.Strictest(Tlp.Green, Tlp.Red).ShouldBe(Tlp.Red);
    }
}
