namespace CyberAgg.Federation.Tests;

public sealed class LocalIndicatorsTests
{
    [Fact]
    public void ForgetBefore_OldEpochs_Forgotten_CurrentKept()
    {
        var indicators = new LocalIndicators();
        indicators.Learn("old", "203.0.113.1", 10);
        indicators.Learn("new", "203.0.113.2", 12);
        indicators.ForgetBefore(11);
        indicators.TryGetClear("old", out _).ShouldBeFalse();
        indicators.TryGetClear("new", out var value).ShouldBeTrue();
        value.ShouldBe("203.0.113.2");
        indicators.Count.ShouldBe(1);
    }
}
