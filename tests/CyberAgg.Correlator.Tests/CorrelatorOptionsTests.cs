using CyberAgg.Configuration;

namespace CyberAgg.Correlator.Tests;

/// <summary><c>correlator.early_firing_horizon</c> as an operator writes it: unset, a duration, negative, or not a duration.</summary>
public sealed class CorrelatorOptionsTests
{
    [Fact]
    public void EarlyHorizon_Unset_IsTheLateness()
    {
        var options = Bind("correlator.lateness=10m");
        options.EarlyFiringHorizon.ShouldBeNull();
        options.EarlyHorizon.ShouldBe(TimeSpan.FromMinutes(10));
    }

    [Fact]
    public void EarlyHorizon_Set_IsTheValueWritten()
    {
        var options = Bind("correlator.lateness=10m", "correlator.early_firing_horizon=1d");
        options.Validate();
        options.EarlyHorizon.ShouldBe(TimeSpan.FromDays(1));
    }

    [Fact]
    public void EarlyHorizon_Negative_FailsNamingTheKeyAndTheFix()
    {
        var options = Bind("correlator.early_firing_horizon=-5m");
        var error = Should.Throw<ConfigurationException>(options.Validate);
        error.Key.ShouldBe("correlator.early_firing_horizon");
        error.Message.ShouldContain("unset");
    }

    [Theory]
    [InlineData("five minutes")]
    [InlineData("5 parsecs")]
    [InlineData("\u0000")]
    public void EarlyHorizon_NotADuration_FailsNamingTheKey(string value)
    {
        var error = Should.Throw<ConfigurationException>(() => Bind("correlator.early_firing_horizon=" + value));
        error.Key.ShouldBe("correlator.early_firing_horizon");
    }

    private static CorrelatorOptions Bind(params string[] settings) =>
        OptionsBinder.Bind<CorrelatorOptions>(ConfigurationLoader.Load(null, settings, new Dictionary<string, string>()), "correlator");
}
