using CsCheck;
using CyberAgg.Rules.Loading;

namespace CyberAgg.Rules.Tests.Loading;

public sealed class SigmaTimespanTests
{
    private static readonly (char Unit, long Seconds)[] Units =
        [('s', 1), ('m', 60), ('h', 3_600), ('d', 86_400), ('w', 604_800), ('M', 2_629_746), ('y', 31_556_952)];

    [Theory]
    [InlineData("100000s", 100_000)]
    [InlineData("999999999s", 999_999_999)]
    [InlineData("90m", 5_400)]
    [InlineData("36h", 129_600)]
    [InlineData("2d", 172_800)]
    [InlineData("1w", 604_800)]
    [InlineData("1M", 2_629_746)]
    [InlineData("1y", 31_556_952)]
    [InlineData("100y", 3_155_695_200)]
    [InlineData(" 15m ", 900)]
    public void Parse_EveryUnitSigmaAllows_GivesItsLength(string text, long seconds)
    {
        SigmaTimespan.Parse(text).ShouldBe(TimeSpan.FromSeconds(seconds));
    }

    [Theory]
    [InlineData("1 minute", "correlation timespan '1 minute' must be a whole number followed by one unit letter: s (seconds), m (minutes), h (hours), d (days), w (weeks), M (months) or y (years), e.g. '90m' or '2d'")]
    [InlineData("1.5h", "must be a whole number followed by one unit letter")]
    [InlineData("-5m", "must be a whole number followed by one unit letter")]
    [InlineData("m", "must be a whole number followed by one unit letter")]
    [InlineData("10", "has unknown unit '0'")]
    [InlineData("10H", "correlation timespan '10H' has unknown unit 'H'; use s (seconds), m (minutes)")]
    [InlineData("0s", "correlation timespan '0s' must be longer than zero")]
    [InlineData("101y", "correlation timespan '101y' is longer than the longest supported window of 100 years")]
    [InlineData("99999999999999999999s", "is longer than the longest supported window")]
    public void Parse_InvalidTimespan_RejectsWithReasonAndUnits(string text, string message)
    {
        var error = Should.Throw<RuleCompileException>(() => SigmaTimespan.Parse(text));

        error.Code.ShouldBe(RuleErrorCodes.InvalidValue);
        error.Message.ShouldContain(message);
    }

    [Fact]
    public void Parse_AnyAmountAndUnitWithinBound_IsAmountTimesUnit()
    {
        Gen.Select(Gen.Int[0, Units.Length - 1], Gen.OneOf(Gen.Long[1, 1_000], Gen.Long[1, 3_155_695_200]))
            .Sample(
                (unitIndex, amount) =>
                {
                    var (unit, seconds) = Units[unitIndex];
                    var text = amount.ToString(System.Globalization.CultureInfo.InvariantCulture) + unit;
                    if (amount * seconds <= SigmaTimespan.Longest.TotalSeconds)
                    {
                        return SigmaTimespan.Parse(text) == TimeSpan.FromSeconds(amount * seconds);
                    }

                    return Should.Throw<RuleCompileException>(() => SigmaTimespan.Parse(text)).Message.Contains("longest supported window", StringComparison.Ordinal);
                },
                iter: 10_000);
    }

    [Fact]
    public void Build_CorrelationWithLongTimespan_Loads()
    {
        var yaml = "title: Base\nid: 00000000-0000-4000-8000-00000000000a\nname: base_rule\nlogsource:\n  product: test\ndetection:\n  sel:\n    A: 1\n  condition: sel\n"
            + "---\ntitle: Slow scan\nid: 00000000-0000-4000-8000-0000000000ff\ncorrelation:\n  type: event_count\n  rules: [base_rule]\n  group-by: [Host]\n  timespan: 100000s\n  condition: {gte: 2}\n";

        var set = RuleSet.Parse(yaml, "mr_slow.yml");

        set.Diagnostics.ShouldBeEmpty(string.Join(Environment.NewLine, set.Diagnostics));
        set.CorrelationRules.ShouldHaveSingleItem().Timespan.ShouldBe(TimeSpan.FromSeconds(100_000));
    }
}
