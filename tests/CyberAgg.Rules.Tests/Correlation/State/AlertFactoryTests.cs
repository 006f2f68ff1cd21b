using System.Security.Cryptography;
using System.Text;
using CsCheck;
using CyberAgg.Rules.Correlation.State;

namespace CyberAgg.Rules.Tests.Correlation.State;

public sealed class AlertFactoryTests
{
    [Fact]
    public void DeterministicId_AnyRuleGroupAndTime_SameIdAsHashingTheJoinedText()
    {
        // Alert ids are stored and compared across restarts: the span-based hash must give the ids the text gave.
        Gen.Select(Gen.String, Gen.String[Gen.Char, 0, 400], Gen.Long[0, DateTimeOffset.MaxValue.UtcTicks])
            .Sample(
                (ruleId, groupKey, ticks) =>
                {
                    var start = new DateTimeOffset(ticks, TimeSpan.Zero);
                    var text = $"{ruleId}\n{groupKey}\n{start.UtcTicks}";
                    var expected = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16)).ToString();
                    AlertFactory.DeterministicId(ruleId, groupKey, start).ShouldBe(expected);
                },
                iter: 2_000);
    }

    [Fact]
    public void DeterministicId_KnownInput_IdOfEarlierReleases()
    {
        // SHA-256 of "15ad11e4-...\n45.1.2.3\n638995824000000000", first 16 bytes as a GUID (computed outside .NET).
        AlertFactory.DeterministicId("15ad11e4-9112-4bec-b1cb-7ade3cfe7311", "45.1.2.3", new DateTimeOffset(2025, 11, 24, 12, 0, 0, TimeSpan.Zero))
            .ShouldBe("87f58dbc-1b06-a9bc-e502-0870daf0cc96");
    }
}
