using System.Net;
using CyberAgg.Agent.Sources;

namespace CyberAgg.Agent.Tests.Sources;

public class ConnectionGateTests
{
    [Fact]
    public void TryEnter_PerSourceLimit_RefusesThatSourceOnlyUntilOneLeaves()
    {
        var gate = new ConnectionGate([], maxConnections: 10, maxPerSource: 2);
        var a = IPAddress.Parse("192.0.2.1");
        var b = IPAddress.Parse("192.0.2.2");

        gate.TryEnter(a).ShouldBeNull();
        gate.TryEnter(a).ShouldBeNull();
        gate.TryEnter(a).ShouldBe(ConnectionGate.TooManyFromSource);
        gate.TryEnter(b).ShouldBeNull("another source still gets in");
        gate.Leave(a);
        gate.TryEnter(a).ShouldBeNull();
        gate.Open.ShouldBe(3);
    }

    [Fact]
    public void TryEnter_TotalLimit_RefusesEveryone()
    {
        var gate = new ConnectionGate([], maxConnections: 2, maxPerSource: 2);

        gate.TryEnter(IPAddress.Parse("192.0.2.1")).ShouldBeNull();
        gate.TryEnter(IPAddress.Parse("192.0.2.2")).ShouldBeNull();
        gate.TryEnter(IPAddress.Parse("192.0.2.3")).ShouldBe(ConnectionGate.TooMany);
    }

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("::ffff:10.1.2.3", true)]
    [InlineData("2001:db8::5", true)]
    [InlineData("10.2.0.1", false)]
    [InlineData("::ffff:192.0.2.1", false)]
    [InlineData("2001:db9::5", false)]
    public void IsAllowed_Ipv4Ipv6AndMappedAddresses_MatchTheirNetworks(string address, bool allowed)
    {
        var gate = new ConnectionGate([IPNetwork.Parse("10.1.0.0/16"), IPNetwork.Parse("2001:db8::/32")], 10, 10);

        gate.IsAllowed(IPAddress.Parse(address)).ShouldBe(allowed);
        (gate.TryEnter(IPAddress.Parse(address)) is null).ShouldBe(allowed);
    }
}
