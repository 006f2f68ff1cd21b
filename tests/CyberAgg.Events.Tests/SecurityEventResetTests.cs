using System.Reflection;

namespace CyberAgg.Events.Tests;

public class SecurityEventResetTests
{
    [Fact]
    public void Reset_EveryFieldSet_EqualsANewEvent()
    {
        var evt = new SecurityEvent
        {
            Timestamp = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero),
            Tlp = Tlp.Red,
            Severity = 7,
            SourcePort = 1234,
            DestinationPort = 443,
            Trusted = true,
        };
        for (var field = EcsField.ObserverPartner; field <= EcsField.Message; field++)
        {
            evt.Set(field, field.ToString());
        }

        evt.Labels["sector"] = "energy";
        evt.Attributes["Image"] = "cmd.exe";

        evt.Reset();

        evt.ShouldEqualEvent(new SecurityEvent());
        evt.Trusted.ShouldBeFalse();
        evt.LabelCount.ShouldBe(0);
        evt.AttributeCount.ShouldBe(0);
        evt.LabelsOrNull.ShouldBeNull();
        evt.AttributesOrNull.ShouldBeNull();
    }

    [Fact]
    public void Reset_InstanceFields_AreTheOnesResetClears()
    {
        // Reset lists every instance field by hand: a new field must be added there too, and then to this list.
        var fields = typeof(SecurityEvent).GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Select(f => f.Name).Order(StringComparer.Ordinal).ToArray();

        fields.ShouldBe(
        [
            "<DestinationPort>k__BackingField", "<Severity>k__BackingField", "<SourcePort>k__BackingField",
            "<Tlp>k__BackingField", "<Trusted>k__BackingField", "_attributes", "_labels", "_strings", "_timestamp",
        ]);
    }

    [Fact]
    public void Reset_ThenFilledAgain_HoldsOnlyTheNewValues()
    {
        var evt = new SecurityEvent();
        evt.Attributes["a"] = "1";
        evt.Attributes["b"] = "2";
        evt.Reset();

        evt.Attributes["c"] = "3";

        evt.Attributes.Keys.ShouldBe(["c"]);
    }
}
