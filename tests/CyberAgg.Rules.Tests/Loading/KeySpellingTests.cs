using CsCheck;
using CyberAgg.Rules.Loading;

namespace CyberAgg.Rules.Tests.Loading;

public sealed class KeySpellingTests
{
    [Theory]
    [InlineData("group_by", "group-by")]
    [InlineData("GroupBy", "group-by")]
    [InlineData("timespam", "timespan")]
    [InlineData("tiemspan", "timespan")]
    [InlineData("aliasses", "aliases")]
    [InlineData("rule", "rules")]
    [InlineData("TYPE", "type")]
    public void Closest_Misspelling_ReturnsKnownKey(string key, string expected)
    {
        KeySpelling.Closest(key, RuleKeys.CorrelationSection).ShouldBe(expected);
    }

    [Theory]
    [InlineData("data")]
    [InlineData("note")]
    [InlineData("state")]
    [InlineData("regression_tests_path")]
    [InlineData("simulation")]
    [InlineData("x")]
    [InlineData("")]
    public void Closest_CustomAttribute_ReturnsNull(string key)
    {
        KeySpelling.Closest(key, RuleKeys.DetectionTopLevel).ShouldBeNull();
    }

    [Fact]
    public void Closest_OneSwapOrCaseChangeOfALongKey_FindsThatKey()
    {
        var longKeys = RuleKeys.DetectionTopLevel.Where(k => k.Length >= 5).ToArray();
        Gen.Select(Gen.Int[0, longKeys.Length - 1], Gen.Int[0, 100], Gen.Bool)
            .Sample(
                (keyIndex, position, swap) =>
                {
                    var key = longKeys[keyIndex];
                    var chars = key.ToCharArray();
                    var i = position % (chars.Length - 1);
                    if (swap)
                    {
                        (chars[i], chars[i + 1]) = (chars[i + 1], chars[i]);
                    }
                    else
                    {
                        chars[i] = char.ToUpperInvariant(chars[i]);
                    }

                    return KeySpelling.Closest(new string(chars), RuleKeys.DetectionTopLevel) == key;
                },
                iter: 2_000);
    }
}
