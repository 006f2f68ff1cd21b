using CsCheck;
using CyberAgg.Federation.Blinding;

namespace CyberAgg.Federation.Tests.Blinding;

public sealed class IndicatorBlinderTests
{
    private static readonly byte[] Secret = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void Blind_SameInputs_SameTokenOnEveryNode()
    {
        new IndicatorBlinder(Secret).Blind(7, "source.ip", "203.0.113.66").ShouldBe(new IndicatorBlinder(Secret.ToArray()).Blind(7, "source.ip", "203.0.113.66"));
    }

    [Fact]
    public void Blind_OtherEpochOrSecret_OtherToken()
    {
        var blinder = new IndicatorBlinder(Secret);
        var token = blinder.Blind(7, "source.ip", "203.0.113.66");
        blinder.Blind(8, "source.ip", "203.0.113.66").ShouldNotBe(token);
        new IndicatorBlinder(Enumerable.Repeat((byte)9, 32).ToArray()).Blind(7, "source.ip", "203.0.113.66").ShouldNotBe(token);
        token.Length.ShouldBe(32);
        token.ShouldNotContain("203");
    }

    [Fact]
    public void Blind_ShortSecret_Refused()
    {
        Should.Throw<ArgumentException>(() => new IndicatorBlinder(new byte[16])).Message.ShouldContain("32 bytes");
    }

    [Fact]
    public void Blind_KindAndValueSeparated_NoCollisionAcrossTheBoundary()
    {
        // Length prefixes: "ab"+"c" and "a"+"bc" are different inputs.
        var blinder = new IndicatorBlinder(Secret);
        Gen.Select(Gen.String[1, 12], Gen.String[0, 12], Gen.Int[1, 11]).Sample((kind, value, cut) =>
        {
            var joined = kind + value;
            var at = Math.Min(cut, joined.Length - 1);
            if (at <= 0 || joined[..at] == kind)
            {
                return;
            }

            blinder.Blind(1, kind, value).ShouldNotBe(blinder.Blind(1, joined[..at], joined[at..]));
        });
    }

    [Fact]
    public void Blind_DistinctIpv4Values_DistinctTokens()
    {
        var blinder = new IndicatorBlinder(Secret);
        Gen.UInt.Array[2, 50].Sample(addresses =>
        {
            var values = addresses.Distinct().Select(a => new System.Net.IPAddress(a).ToString()).Distinct().ToList();
            values.Select(v => blinder.Blind(3, "source.ip", v)).Distinct().Count().ShouldBe(values.Count);
        });
    }
}
