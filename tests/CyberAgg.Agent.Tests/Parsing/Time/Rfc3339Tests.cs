using System.Globalization;
using CsCheck;
using CyberAgg.Agent.Parsing.Time;

namespace CyberAgg.Agent.Tests.Parsing.Time;

public class Rfc3339Tests
{
    [Fact]
    public void Digits_AnyText_SameAnswerAsIntTryParse()
    {
        // Digits sums short runs by hand; it must agree with int.TryParse (no sign, no spaces) on every input.
        Gen.String[Gen.OneOfConst('0', '1', '5', '9', '-', '+', ' ', 'a', '٣'), 0, 12].Sample(text =>
        {
            var expected = text.All(char.IsAsciiDigit) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var e) ? e : (int?)null;

            var ok = Rfc3339.Digits(text, out var actual);

            ok.ShouldBe(expected is not null, text);
            if (ok)
            {
                actual.ShouldBe(expected!.Value, text);
            }
        }, iter: 20000);
    }

    [Fact]
    public void TryParseLenient_SuricataStamp_Utc()
    {
        Rfc3339.TryParseLenient("2026-11-30T10:00:00.123456+0200", out var timestamp).ShouldBeTrue();

        timestamp.ShouldBe(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero).AddTicks(1_234_560));
    }
}
