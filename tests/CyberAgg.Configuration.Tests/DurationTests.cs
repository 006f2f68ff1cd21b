using CsCheck;

namespace CyberAgg.Configuration.Tests;

public sealed class DurationTests
{
    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("2d", 172_800_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData(" 10S ", 10_000)]
    [InlineData("00:05:00", 300_000)]
    public void TryParse_UnitForms_ReadTheirValue(string text, long milliseconds)
    {
        Duration.TryParse(text, out var value).ShouldBeTrue();

        value.ShouldBe(TimeSpan.FromMilliseconds(milliseconds));
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("5 minutes")]
    [InlineData("m5")]
    [InlineData("5mm")]
    [InlineData("1w")]
    [InlineData("99999999999999999999d")]
    public void TryParse_NotADuration_IsFalse(string text)
    {
        Duration.TryParse(text, out _).ShouldBeFalse();
    }

    [Fact]
    public void Parse_NotADuration_NamesTheKeyAndTheForms()
    {
        var error = Should.Throw<ConfigurationException>(() => Duration.Parse("correlator.lateness", "5 minutes"));

        error.Key.ShouldBe("correlator.lateness");
        error.Message.ShouldContain("30s, 5m, 1h");
    }

    [Fact]
    public void Format_ThenTryParse_RoundTripsEveryTickCount()
    {
        Gen.Long[-TimeSpan.TicksPerDay * 400, TimeSpan.TicksPerDay * 400].Sample(ticks =>
        {
            var value = TimeSpan.FromTicks(ticks);
            return Duration.TryParse(Duration.Format(value), out var back) && back == value;
        });
    }

    [Theory]
    [InlineData(300_000, "5m")]
    [InlineData(50, "50ms")]
    [InlineData(5_400_000, "1h30m")]
    [InlineData(0, "0s")]
    public void Format_CommonValues_AreShort(long milliseconds, string expected)
    {
        Duration.Format(TimeSpan.FromMilliseconds(milliseconds)).ShouldBe(expected);
    }
}
