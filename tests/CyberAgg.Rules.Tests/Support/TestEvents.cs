using CyberAgg.Rules.Events;

namespace CyberAgg.Rules.Tests.Support;

/// <summary>Terse event construction for tests.</summary>
internal static class TestEvents
{
    public static DictionaryEventFields Of(params (string Field, string? Value)[] fields)
    {
        var result = new DictionaryEventFields();
        foreach (var (field, value) in fields)
        {
            result.Set(field, value);
        }

        return result;
    }
}
