namespace CyberAgg.Storage.Tables;

/// <summary>Conversions of values as ClickHouse.Driver returns them.</summary>
public static class ClickHouseValues
{
    /// <summary>The driver returns DateTime64 as a UTC <see cref="DateTime"/> (or an offset, depending on settings).</summary>
    public static DateTimeOffset Time(object value) => value switch
    {
        DateTimeOffset o => o.ToUniversalTime(),
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        _ => throw new InvalidCastException($"Expected a timestamp, got {value.GetType().Name}."),
    };

    /// <summary>An Array(String) as the driver returns it.</summary>
    public static string[] Strings(object value) => value switch
    {
        string[] s => s,
        System.Collections.IEnumerable e => e.Cast<object?>().Select(o => Convert.ToString(o, System.Globalization.CultureInfo.InvariantCulture) ?? "").ToArray(),
        _ => [],
    };
}
