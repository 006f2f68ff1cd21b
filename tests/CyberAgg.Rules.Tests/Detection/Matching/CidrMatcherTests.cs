using CyberAgg.Rules.Detection.Matching;
using CyberAgg.Rules.Loading;

namespace CyberAgg.Rules.Tests.Detection.Matching;

public sealed class CidrMatcherTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.255.1.2", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("192.168.1.0/25", "192.168.1.127", true)]
    [InlineData("192.168.1.0/25", "192.168.1.128", false)]
    [InlineData("0.0.0.0/0", "8.8.8.8", true)]
    [InlineData("203.0.113.7", "203.0.113.7", true)]
    [InlineData("203.0.113.7/32", "203.0.113.8", false)]
    [InlineData("2001:db8::/32", "2001:db8:1::5", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("fc00::/7", "fd12:3456::1", true)]
    [InlineData("10.0.0.0/8", "::ffff:10.1.1.1", true)]
    [InlineData("10.0.0.0/8", "2001:db8::1", false)]
    [InlineData("10.0.0.0/8", "not-an-ip", false)]
    [InlineData("10.0.0.0/8", "10.0.0", false)]
    [InlineData("10.0.0.0/8", "10.0.0.256", false)]
    public void Matches_Address_ChecksNetworkMembership(string cidr, string value, bool expected)
    {
        new CidrMatcher(cidr).Matches(value).ShouldBe(expected);
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0/8")]
    [InlineData("nonsense")]
    [InlineData("2001:db8::/129")]
    public void Constructor_InvalidNetwork_ThrowsNamedError(string cidr)
    {
        Should.Throw<RuleCompileException>(() => new CidrMatcher(cidr)).Code.ShouldBe(RuleErrorCodes.InvalidValue);
    }
}
