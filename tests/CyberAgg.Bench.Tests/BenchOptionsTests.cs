namespace CyberAgg.Bench.Tests;

public sealed class BenchOptionsTests
{
    [Fact]
    public void Validate_Defaults_Pass() => Should.NotThrow(() => new BenchOptions().Validate());

    [Theory]
    [InlineData(10, 500, "--events")]
    [InlineData(10_000, 0, "--events-per-message")]
    public void Validate_OutOfRange_NamesTheFlag(int events, int perMessage, string flag)
    {
        var e = Should.Throw<ArgumentException>(() => new BenchOptions { Events = events, EventsPerMessage = perMessage }.Validate());
        e.Message.ShouldStartWith(flag);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_000_001)]
    public void Validate_StoreBatchEventsOutOfRange_NamesTheFlag(int storeBatchEvents) =>
        Should.Throw<ArgumentException>(new BenchOptions { StoreBatchEvents = storeBatchEvents }.Validate).Message.ShouldStartWith("--store-batch-events");

    [Theory]
    [InlineData(0)]
    [InlineData(300_001)]
    public void Validate_StoreLingerOutOfRange_NamesTheFlag(int milliseconds) =>
        Should.Throw<ArgumentException>(new BenchOptions { StoreLinger = TimeSpan.FromMilliseconds(milliseconds) }.Validate).Message.ShouldStartWith("--store-linger");

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(-25)]
    public void Validate_QueryablePollIntervalBelow5Ms_NamesTheFlag(int milliseconds) =>
        Should.Throw<ArgumentException>(new BenchOptions { QueryablePollInterval = TimeSpan.FromMilliseconds(milliseconds) }.Validate).Message.ShouldStartWith("--queryable-poll-interval");

    [Theory]
    [InlineData(5, 250)]
    [InlineData(25, 250)]
    [InlineData(1000, 1000)]
    public void PeakQueryablePollInterval_IsThePollIntervalAtLeast250Ms(int milliseconds, int peak) =>
        new BenchOptions { QueryablePollInterval = TimeSpan.FromMilliseconds(milliseconds) }.PeakQueryablePollInterval.ShouldBe(TimeSpan.FromMilliseconds(peak));

    [Fact]
    public void Validate_NegativeWarmup_NamesTheFlag() =>
        Should.Throw<ArgumentException>(new BenchOptions { WarmupEvents = -1 }.Validate).Message.ShouldStartWith("--warmup-events");

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void Validate_WarmupRoundsOutOfRange_NamesTheFlag(int rounds) =>
        Should.Throw<ArgumentException>(new BenchOptions { WarmupRounds = rounds }.Validate).Message.ShouldStartWith("--warmup-rounds");

    [Theory]
    [InlineData(20_000, null, 4_000)]
    [InlineData(1_000_000, null, 200_000)]
    [InlineData(10_000_000, null, 200_000)]
    [InlineData(1_000_000, 0, 0)]
    [InlineData(1_000_000, 300_000, 300_000)]
    public void WarmupEventsOrDefault_UnsetIsAFifthOfTheEventsAtMost200000(int events, int? warmup, int expected) =>
        new BenchOptions { Events = events, WarmupEvents = warmup }.WarmupEventsOrDefault.ShouldBe(expected);

    [Fact]
    public void Defaults_StoreBatchEventsAndLinger_AreTheCorrelatorsDefaults()
    {
        var correlator = new CyberAgg.Correlator.CorrelatorOptions();
        (new BenchOptions().StoreBatchEvents, new BenchOptions().StoreLinger).ShouldBe((correlator.StoreBatchEvents, correlator.StoreLinger));
    }

    [Fact]
    public void Validate_MissingRuleFolder_NamesTheFlag()
    {
        var options = new BenchOptions();
        options.Rules.Add("/nonexistent/rules");
        Should.Throw<ArgumentException>(options.Validate).Message.ShouldContain("--rules");
    }
}
