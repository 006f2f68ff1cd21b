using System.Net;
using CsCheck;
using CyberAgg.Agent.Parsing.Sensors;
using CyberAgg.Events;

namespace CyberAgg.Agent.Tests.Parsing.Sensors;

public class SensorFieldsTests
{
    [Theory]
    [InlineData("198.51.100.7", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("256.1.1.1", false)]
    [InlineData("01.2.3.4", false)]
    [InlineData("1.2.3", false)]
    [InlineData("1.2.3.4.5", false)]
    [InlineData("1.2.3.4 ", false)]
    [InlineData("1..3.4", false)]
    [InlineData("1234.1.1.1", false)]
    [InlineData("", false)]
    [InlineData("2001:db8::1", false)]
    public void IsDottedQuad_Examples_AsExpected(string text, bool expected)
    {
        SensorFields.IsDottedQuad(text).ShouldBe(expected);
    }

    [Fact]
    public void IsDottedQuad_GeneratedText_TrueOnlyWhereIPAddressIsValid()
    {
        // The fast path may say false for valid addresses (the general parser then decides), never true for invalid ones.
        var text = Gen.OneOf(
            Gen.Int[0, 300].Array[1, 5].Select(parts => string.Join('.', parts)),
            Gen.String[Gen.OneOfConst('0', '1', '2', '5', '9', '.', ':', 'x', ' '), 0, 16]);
        text.Sample(t =>
        {
            if (SensorFields.IsDottedQuad(t))
            {
                IPAddress.IsValid(t).ShouldBeTrue(t);
            }
        }, iter: 20000);
    }

    [Fact]
    public void IsDottedQuad_FourOctets_True()
    {
        Gen.Int[0, 255].Array[4, 4].Sample(parts => SensorFields.IsDottedQuad(string.Join('.', parts)).ShouldBeTrue());
    }

    [Fact]
    public void SetTransport_AnyProto_LowerInvariantOfIt()
    {
        // The usual names come from literals, the rest from ToLowerInvariant: the same text either way.
        Gen.OneOf(Gen.OneOfConst("TCP", "UDP", "ICMP", "IPv6-ICMP", "tcp", "Tcp", "SCTP", "ipv6-icmp"), Gen.String[Gen.Char['A', 'z'], 1, 8]).Sample(proto =>
        {
            var evt = new SecurityEvent();

            SensorFields.SetTransport(evt, proto);

            evt.NetworkTransport.ShouldBe(proto.ToLowerInvariant());
        });
    }

    [Fact]
    public void SetTransport_AlreadySet_Kept()
    {
        var evt = new SecurityEvent { NetworkTransport = "udp" };

        SensorFields.SetTransport(evt, "TCP");

        evt.NetworkTransport.ShouldBe("udp");
    }
}
