using CyberAgg.Sharing.Configuration;
using CyberAgg.Sharing.Policy;

namespace CyberAgg.Sharing.Tests.Policy;

public sealed class PseudonymiserTests
{
    private static readonly PseudonymKey KeyA = new("a", "0123456789abcdef0123456789abcdef"u8.ToArray());
    private static readonly PseudonymKey KeyB = new("b", "fedcba9876543210fedcba9876543210"u8.ToArray());

    [Fact]
    public void Pseudonymise_SameInput_SamePseudonym() =>
        Pseudonymiser.Pseudonymise(KeyA, "user", "alice").ShouldBe(Pseudonymiser.Pseudonymise(KeyA, "user", "alice"));

    [Fact]
    public void Pseudonymise_OtherKey_OtherPseudonymAndKeyIdVisible()
    {
        var a = Pseudonymiser.Pseudonymise(KeyA, "user", "alice");
        var b = Pseudonymiser.Pseudonymise(KeyB, "user", "alice");

        b.ShouldNotBe(a);
        a.ShouldStartWith("pn:a:");
        b.ShouldStartWith("pn:b:");
    }

    [Fact]
    public void Pseudonymise_Output_CarriesNothingOfTheInput()
    {
        var p = Pseudonymiser.Pseudonymise(KeyA, "host", "ws-042.corp.example");

        p.ShouldNotContain("ws-042");
        p.Length.ShouldBe("pn:a:".Length + 32);
        Pseudonymiser.IsPseudonym(p).ShouldBeTrue();
    }

    [Fact]
    public void Pseudonymise_Classes_KeepUsersAndHostsApart() =>
        Pseudonymiser.Pseudonymise(KeyA, "user", "build").ShouldNotBe(Pseudonymiser.Pseudonymise(KeyA, "host", "build"));

    [Fact]
    public void KeyToString_DoesNotPrintMaterial() => KeyA.ToString().ShouldNotContain("0123456789");

    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData("172.16.5.4", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.1.1", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("169.254.3.3", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("203.0.113.7", false)]
    [InlineData("8.8.8.8", false)]
    [InlineData("fd00::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:10.1.1.1", true)]
    [InlineData("2001:db8::1", false)]
    [InlineData("not-an-ip", false)]
    [InlineData("", false)]
    public void IsInternal_ClassifiesAddresses(string ip, bool expected) => IpClassifier.IsInternal(ip).ShouldBe(expected);
}
