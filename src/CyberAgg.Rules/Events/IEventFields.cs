namespace CyberAgg.Rules.Events;

/// <summary>Read-only view of one event's fields, the only thing the rule engine evaluates against.</summary>
/// <remarks>
/// Field names are ECS dotted names (<c>source.ip</c>, <c>@timestamp</c>) or source attribute names
/// (<c>Image</c>, <c>EventID</c>). Values are strings as they appear in the event; the engine parses
/// numbers, addresses and dates itself where a modifier needs them. The index-based members let the
/// engine walk every field without allocating an enumerator per event.
/// </remarks>
public interface IEventFields
{
    /// <summary>Looks up a field; <paramref name="value"/> may be null when the field is present without a value.</summary>
    bool TryGet(string field, out string? value);

    /// <summary>Number of fields, for allocation-free enumeration with <see cref="GetName"/> and <see cref="GetValue"/>.</summary>
    int FieldCount { get; }

    string GetName(int index);

    string? GetValue(int index);

    /// <summary>
    /// True when <see cref="TryGet"/> finds every enumerated field under the ordinal name enumeration lists it by (a
    /// name listed twice reads the one value lookup returns, as conditions do), so a reader that needs only a few
    /// named fields may look those up instead of walking every field. False (the default) for a view whose lookup
    /// is looser than its names, for example case-insensitive.
    /// </summary>
    bool LookupIsExact => false;
}
