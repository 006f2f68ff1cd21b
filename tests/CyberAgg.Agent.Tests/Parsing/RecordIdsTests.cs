using CyberAgg.Agent.Parsing;
using CyberAgg.Events;
using CsCheck;

namespace CyberAgg.Agent.Tests.Parsing;

public sealed class RecordIdsTests
{
    [Fact]
    public void FromRaw_AnyInput_EqualsTheSharedEventIds() =>
        Gen.Select(Gen.String, Gen.String, Gen.Byte.Array[0, 3000]).Sample((partner, source, raw) =>
            RecordIds.FromRaw(partner, source, raw).ShouldBe(EventIds.FromRaw(partner, source, raw)));
}
