namespace CyberAgg.Events.Tests;

/// <summary>Field-by-field event comparison with readable failures.</summary>
internal static class EventAssert
{
    public static void ShouldEqualEvent(this SecurityEvent actual, SecurityEvent expected)
    {
        actual.Timestamp.ShouldBe(expected.Timestamp);
        actual.Tlp.ShouldBe(expected.Tlp);
        actual.Severity.ShouldBe(expected.Severity);
        actual.SourcePort.ShouldBe(expected.SourcePort);
        actual.DestinationPort.ShouldBe(expected.DestinationPort);
        for (var field = EcsField.ObserverPartner; field <= EcsField.Message; field++)
        {
            actual.Get(field).ShouldBe(expected.Get(field), field.ToString());
        }

        Sorted(actual.LabelsOrNull).ShouldBe(Sorted(expected.LabelsOrNull));
        Sorted(actual.AttributesOrNull).ShouldBe(Sorted(expected.AttributesOrNull));
    }

    private static List<KeyValuePair<string, string>> Sorted(IReadOnlyDictionary<string, string>? map) =>
        map is null ? [] : [.. map.OrderBy(p => p.Key, StringComparer.Ordinal)];
}
