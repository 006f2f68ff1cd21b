using System.Text;
using System.Text.Json;

namespace CyberAgg.Events.Json;

/// <summary>
/// Writes flattened JSON leaves into a <see cref="SecurityEvent"/>: core names into typed fields, <c>labels.*</c> into
/// labels, everything else into attributes. A record whose first key is <c>Event</c> is read as Windows event JSON.
/// </summary>
internal struct EventFieldSink : IJsonFieldSink
{
    private const string WindowsRoot = "Event.";
    private bool _modeKnown;

    public EventFieldSink(SecurityEvent evt)
    {
        Event = evt;
    }

    public SecurityEvent Event { get; }

    public bool TimestampSet { get; private set; }

    public bool IsWindowsEvent { get; private set; }

    public DeadLetterReason OnValue(ReadOnlySpan<char> dottedName, string value, out string? detail)
    {
        detail = null;
        DetectMode(dottedName);
        if (IsWindowsEvent)
        {
            Event.Attributes[WindowsEventNames.Flatten(dottedName[WindowsRoot.Length..])] = value;
            return DeadLetterReason.None;
        }

        if (EcsFieldNames.TryGetField(dottedName, out var field))
        {
            if (!Event.TrySetCore(field, value))
            {
                detail = EcsFieldNames.GetName(field);
                return DeadLetterReason.InvalidField;
            }

            TimestampSet |= field == EcsField.Timestamp;
            return DeadLetterReason.None;
        }

        if (dottedName.Length > EcsFieldNames.LabelsPrefix.Length && dottedName.StartsWith(EcsFieldNames.LabelsPrefix, StringComparison.Ordinal))
        {
            Event.Labels[dottedName[EcsFieldNames.LabelsPrefix.Length..].ToString()] = value;
            return DeadLetterReason.None;
        }

        Event.Attributes[NameCache.Current.Get(dottedName)] = value;
        return DeadLetterReason.None;
    }

    public DeadLetterReason OnArray(ReadOnlySpan<char> dottedName, ReadOnlySpan<byte> rawJson, out string? detail)
    {
        detail = null;
        DetectMode(dottedName);
        if (IsWindowsEvent)
        {
            var name = WindowsEventNames.Flatten(dottedName[WindowsRoot.Length..]);
            if (!WindowsEventNames.TryExpandDataArray(name, rawJson, Event.Attributes))
            {
                Event.Attributes[name] = Encoding.UTF8.GetString(rawJson);
            }

            return DeadLetterReason.None;
        }

        var raw = Encoding.UTF8.GetString(rawJson);
        if (EcsFieldNames.TryGetField(dottedName, out var field))
        {
            // ECS allows arrays for keyword fields (event.category: ["network"]); the core field takes the first
            // element and the whole array stays readable as an attribute of the same name.
            if (!EcsFieldNames.IsString(field) || !TryFirstString(rawJson, out var first))
            {
                detail = EcsFieldNames.GetName(field);
                return DeadLetterReason.InvalidField;
            }

            if (first is not null && !Event.TrySetCore(field, first))
            {
                detail = EcsFieldNames.GetName(field);
                return DeadLetterReason.InvalidField;
            }
        }

        Event.Attributes[dottedName.ToString()] = raw;
        return DeadLetterReason.None;
    }

    private void DetectMode(ReadOnlySpan<char> dottedName)
    {
        if (!_modeKnown)
        {
            _modeKnown = true;
            IsWindowsEvent = dottedName.StartsWith(WindowsRoot, StringComparison.Ordinal);
        }
    }

    private static bool TryFirstString(ReadOnlySpan<byte> rawJson, out string? first)
    {
        first = null;
        var reader = new Utf8JsonReader(rawJson);
        reader.Read();
        if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        first = reader.GetString();
        return true;
    }
}
