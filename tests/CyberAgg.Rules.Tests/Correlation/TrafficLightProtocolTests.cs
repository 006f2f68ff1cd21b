using CyberAgg.Events;
using CyberAgg.Rules.Correlation;

namespace CyberAgg.Rules.Tests.Correlation;

/// <summary>The correlation ranks agree with <see cref="TlpNames"/>, the one TLP vocabulary, and fail closed.</summary>
public sealed class TrafficLightProtocolTests
{
    [Theory]
    [InlineData("PURPLE")]
    [InlineData("amber-ish")]
    [InlineData("")]
    public void Rank_UnknownLabel_IsRed(string label)
    {
        TrafficLightProtocol.FromRank(TrafficLightProtocol.Rank(label)).ShouldBe(TlpNames.Red);
        TrafficLightProtocol.Strictest("GREEN", label).ShouldBe(TlpNames.Red);
    }

    [Fact]
    public void Rank_MissingLabel_IsTheSchemaDefaultAmber() =>
        TrafficLightProtocol.FromRank(TrafficLightProtocol.Rank(null)).ShouldBe(TlpNames.Amber);

    [Fact]
    public void Rank_EveryLabel_AgreesWithTlpNames()
    {
        foreach (var tlp in Enum.GetValues<Tlp>())
        {
            TrafficLightProtocol.Rank(tlp.ToName()).ShouldBe((int)tlp);
            TrafficLightProtocol.Rank("tlp:" + tlp.ToName().ToLowerInvariant()).ShouldBe((int)tlp);
        }
    }
}
