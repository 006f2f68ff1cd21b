using System.Net;
using System.Net.Sockets;

namespace CyberAgg.Configuration.Tests;

public sealed class KafkaReachabilityTests
{
    [Fact]
    public void Check_NothingListensOnTheBootstrapPort_ReasonIsTheRefusedConnectionNotTheBrokerCount()
    {
        // A port that was free a moment ago: connections to it are refused.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var probe = new KafkaReachability(new KafkaOptions { Bootstrap = $"127.0.0.1:{port}" });

        var reason = probe.Check(TimeSpan.FromSeconds(2));

        reason.ShouldNotBeNull().ShouldContain("Connection refused");
        reason.ShouldNotContain("brokers are down");
        reason.ShouldNotContain("/bootstrap:");
        reason.ShouldNotContain('\n');
    }
}
