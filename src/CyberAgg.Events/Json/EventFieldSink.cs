using System.Text;
using System.Text.Json;

namespace CyberAgg.Events.Json;

/// <summary>
/// Writes flattened JSON leaves into a <see cref="SecurityEvent"/>: core names into typed fields, <c>labels.*</c> into
/// labels, everything else into attributes. A record whose first key is <c>Event</c> is read as Windows event JSON.
/// </summary>
internal struct EventFieldSink : IJsonFieldSink
{
    private bool _modeKnown;

    public EventFieldSink(SecurityEvent evt)
    {
        Event = evt;
    }

    public SecurityEvent Event { get; }

    public bool TimestampSet { get; private set; }

    public bool IsWindowsEvent { get; private set; }

    public DeadLetterReason OnValue(JsonName name, string value, out string? detail)
    {
        detail = null;
        DetectMode(name);
        if (IsWindowsEvent)
        {
            Event.Attributes[name.WindowsName] = value;
            return DeadLetterReason.None;
        }

        if (name.IsCore)
        {
            if (!Event.TrySetCore(name.Field, value))
            {
                detail = EcsFieldNames.GetName(name.Field);
                return DeadLetterReason.InvalidField;
            }

            TimestampSet |= name.Field == EcsField.Timestamp;
            return DeadLetterReason.None;
        }

        if (name.Label is { } label)
        {
            Event.Labels[label] = value;
            return DeadLetterReason.None;
        }

        Event.Attributes[name.Text] = value;
        return DeadLetterReason.None;
    }

    public DeadLetterReason OnArray(JsonName name, ReadOnlySpan<byte> rawJson, out string? detail)
    {
        detail = null;
        DetectMode(name);
        if (IsWindowsEvent)
        {
            var windowsName = name.WindowsName;
            if (!WindowsEventNames.TryExpandDataArray(windowsName, rawJson, Event.Attributes))
            {
                Event.Attributes[windowsName] = Encoding.UTF8.GetString(rawJson);
            }

            return DeadLetterReason.None;
        }

        var raw = Encoding.UTF8.GetString(rawJson);
        if (name.IsCore)
        {
            // ECS allows arrays for keyword fields (event.category: ["network"]); the core field takes the first
            // element and the whole array stays readable as an attribute of the same name.
            if (!EcsFieldNames.IsString(name.Field) || !TryFirstString(rawJson, out var first))
            {
                detail = EcsFieldNames.GetName(name.Field);
                return DeadLetterReason.InvalidField;
            }

            if (first is not null && !Event.TrySetCore(name.Field, first))
            {
                detail = EcsFieldNames.GetName(name.Field);
                return DeadLetterReason.InvalidField;
            }
        }

        Event.Attributes[name.Text] = raw;
        return DeadLetterReason.None;
    }

    private void DetectMode(JsonName name)
    {
        if (!_modeKnown)
        {
            _modeKnown = true;
            IsWindowsEvent = name.StartsWindowsRecord;
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
