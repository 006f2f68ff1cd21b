using System.Numerics;
using System.Security.Cryptography;
using CsCheck;
using CyberAgg.Federation.Oprf;

namespace CyberAgg.Federation.Tests.Oprf;

public sealed class OprfProtocolTests
{
    private static readonly KeyShare First = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly KeyShare Second = new(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());
    private static readonly Gen<BigInteger> Scalar = Gen.Byte.Array[48].Select(b => P256.ScalarFrom(b));
    private static readonly Gen<string> Kind = Gen.OneOfConst("source.ip", "destination.ip", "domain", "file.hash.sha256");
    private static readonly Gen<string> Value = Gen.OneOf(
        Gen.Select(Gen.Byte, Gen.Byte, Gen.Byte, Gen.Byte, (a, b, c, d) => $"{a}.{b}.{c}.{d}"),
        Gen.String[0, 40]);

    /// <summary>The node's whole chain: blind with r, each share in turn, unblind, finalize.</summary>
    private static string Token(string kind, long epoch, string value, BigInteger r, params KeyShare[] shares)
    {
        var (point, _) = OprfProtocol.Blind(kind, epoch, value, r);
        foreach (var share in shares)
        {
            point = share.Evaluate(epoch, point);
        }

        return OprfProtocol.Finalize(kind, epoch, value, OprfProtocol.Unblind(point, r));
    }

    [Fact]
    public void Token_SameInputAnyBlindingScalars_EqualsTheUnblindedKeyTimesHash()
    {
        Gen.Select(Kind, Gen.Long[0, 100_000], Value, Scalar, Scalar).Sample((kind, epoch, value, r1, r2) =>
        {
            var token = Token(kind, epoch, value, r1, First, Second);
            Token(kind, epoch, value, r2, First, Second).ShouldBe(token);
            // The shares commute, and the result is x((k1·k2)·H) whatever r was.
            Token(kind, epoch, value, r2, Second, First).ShouldBe(token);
            var key = P256.Mod(First.ScalarOf(epoch) * Second.ScalarOf(epoch), P256.N);
            OprfProtocol.Finalize(kind, epoch, value, P256.Multiply(OprfProtocol.HashToCurve(kind, epoch, value), key)).ShouldBe(token);
            token.Length.ShouldBe(32);
        }, iter: 40);
    }

    [Fact]
    public void Token_OtherKindOrEpoch_OtherToken()
    {
        Gen.Select(Gen.Long[0, 100_000], Value, Scalar).Sample((epoch, value, r) =>
        {
            var ip = Token("source.ip", epoch, value, r, First, Second);
            Token("destination.ip", epoch, value, r, First, Second).ShouldNotBe(ip);
            Token("source.ip", epoch + 1, value, r, First, Second).ShouldNotBe(ip);
            Token("source.ip", epoch, value + "0", r, First, Second).ShouldNotBe(ip);
        }, iter: 25);
    }

    [Fact]
    public void Blind_SameValueTwice_UnlinkablePoints()
    {
        // A service sees r·H: a fresh r per request, so two requests for one value do not repeat a point.
        var a = OprfProtocol.Blind("source.ip", 9, "203.0.113.66").Blinded;
        var b = OprfProtocol.Blind("source.ip", 9, "203.0.113.66").Blinded;
        a.ShouldNotBe(b);
        a.ShouldNotBe(OprfProtocol.HashToCurve("source.ip", 9, "203.0.113.66"));
    }

    [Fact]
    public void Token_OneShareAlone_CannotComputeTheAllianceToken()
    {
        // A key service (or a member that stole one share) evaluates everything it likes with its own share: it gets
        // other tokens, so it can test no guess against what the alliance topic carries.
        Gen.Select(Kind, Gen.Long[0, 1000], Value, Scalar).Sample((kind, epoch, value, r) =>
        {
            var real = Token(kind, epoch, value, r, First, Second);
            Token(kind, epoch, value, r, First).ShouldNotBe(real);
            Token(kind, epoch, value, r, Second).ShouldNotBe(real);
        }, iter: 25);
    }

    [Fact]
    public void Token_ShareRotatesPerEpoch()
    {
        First.ScalarOf(1).ShouldNotBe(First.ScalarOf(2));
        First.ScalarOf(1).ShouldBe(new KeyShare(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()).ScalarOf(1));
    }

    [Fact]
    public void HashToCurve_AnyInput_APointOnTheCurve()
    {
        Gen.Select(Kind, Gen.Long, Value).Sample((kind, epoch, value) =>
        {
            var x = OprfProtocol.HashToCurve(kind, epoch, value);
            P256.RecoverY(P256.ToInteger(x)).ShouldNotBeNull();
            OprfProtocol.HashToCurve(kind, epoch, value).ShouldBe(x);
        }, iter: 200);
    }

    [Fact]
    public void Evaluate_NotACurvePoint_Refused()
    {
        // Find an x with no point: about half of all x are not on the curve.
        var x = Enumerable.Range(1, 100).Select(i => new BigInteger(i)).First(i => P256.RecoverY(i) is null);
        Should.Throw<CryptographicException>(() => First.Evaluate(1, P256.ToBytes(x)));
        Should.Throw<CryptographicException>(() => First.Evaluate(1, new byte[31]));
        Should.Throw<CryptographicException>(() => First.Evaluate(1, P256.ToBytes(P256.P)));
    }

    [Fact]
    public void KeyShare_ShortSecret_Refused()
    {
        Should.Throw<ArgumentException>(() => new KeyShare(new byte[16])).Message.ShouldContain("32 bytes");
    }
}
