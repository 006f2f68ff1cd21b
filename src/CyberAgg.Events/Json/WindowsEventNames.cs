using System.Text;
using System.Text.Json;

namespace CyberAgg.Events.Json;

/// <summary>
/// Names Windows event JSON (<c>{"Event":{"System":…,"EventData":…}}</c>, as evtx_dump or xmltodict write it) the way
/// Sigma rules expect: <c>Image</c>, <c>CommandLine</c>, <c>EventID</c>, <c>Channel</c>, <c>Provider_Name</c>.
/// </summary>
internal static class WindowsEventNames
{
    /// <summary>Turns a path below <c>Event</c> into a Sigma field name.</summary>
    /// <remarks>
    /// XML attributes appear as <c>#attributes.X</c> (evtx_dump) or <c>@X</c> (xmltodict) and element text as
    /// <c>#text</c>; both spellings collapse so <c>System.Provider.#attributes.Name</c> and <c>System.Provider.@Name</c>
    /// are both <c>Provider_Name</c>. The wrapper elements System and EventData disappear, and so does the one
    /// element UserData wraps its fields in.
    /// </remarks>
    public static string Flatten(ReadOnlySpan<char> path)
    {
        Span<char> buffer = path.Length <= 256 ? stackalloc char[path.Length] : new char[path.Length];
        var length = 0;
        var index = 0;
        var skip = 0;
        foreach (var range in path.Split('.'))
        {
            var segment = path[range];
            if (index++ == 0)
            {
                if (segment.SequenceEqual("System") || segment.SequenceEqual("EventData"))
                {
                    continue;
                }

                if (segment.SequenceEqual("UserData"))
                {
                    skip = 1;
                    continue;
                }
            }

            if (skip > 0)
            {
                skip--;
                continue;
            }

            if (segment.SequenceEqual("#attributes") || segment.SequenceEqual("#text"))
            {
                continue;
            }

            if (segment.StartsWith('@'))
            {
                segment = segment[1..];
            }

            if (length > 0)
            {
                buffer[length++] = '_';
            }

            segment.CopyTo(buffer[length..]);
            length += segment.Length;
        }

        if (length == 0)
        {
            // A bare wrapper's own text (EventData.#text): keep the last meaningful segment as the name.
            var last = path.LastIndexOf('.');
            return path[(last + 1)..].TrimStart('#').ToString();
        }

        return buffer[..length].ToString();
    }

    /// <summary>Expands <c>Data: [{"@Name":"Image","#text":"…"}, …]</c> into one attribute per named item.</summary>
    public static bool TryExpandDataArray(string name, ReadOnlySpan<byte> rawJson, Dictionary<string, string> attributes)
    {
        if (name != "Data")
        {
            return false;
        }

        var pairs = new List<KeyValuePair<string, string>>();
        var reader = new Utf8JsonReader(rawJson);
        reader.Read();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            string? itemName = null;
            var itemText = string.Empty;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.GetString();
                reader.Read();
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    return false;
                }

                var value = reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString(),
                    JsonTokenType.Null => null,
                    _ => Encoding.UTF8.GetString(reader.ValueSpan),
                };
                if (key is "@Name" or "Name")
                {
                    itemName = value;
                }
                else if (key is "#text" or "text" or "Value" or "value")
                {
                    itemText = value ?? string.Empty;
                }
            }

            if (itemName is null)
            {
                return false;
            }

            pairs.Add(new(itemName, itemText));
        }

        foreach (var (key, value) in pairs)
        {
            attributes[key] = value;
        }

        return true;
    }

    /// <summary>Copies the Windows fields that have an ECS meaning into the core fields; the attributes stay.</summary>
    public static DeadLetterReason MapToEcs(SecurityEvent evt, ref bool timestampSet, out string? detail)
    {
        detail = null;
        if (evt.AttributesOrNull is not { } attributes)
        {
            return DeadLetterReason.None;
        }

        if (attributes.TryGetValue("TimeCreated_SystemTime", out var time))
        {
            if (!evt.TrySetCore(EcsField.Timestamp, time))
            {
                detail = "TimeCreated_SystemTime";
                return DeadLetterReason.InvalidField;
            }

            timestampSet = true;
        }

        Copy(evt, attributes, "Computer", EcsField.HostName);
        Copy(evt, attributes, "Image", EcsField.ProcessExecutable);
        Copy(evt, attributes, "CommandLine", EcsField.ProcessCommandLine);
        Copy(evt, attributes, "User", EcsField.UserName);
        Copy(evt, attributes, "SourceIp", EcsField.SourceIp);
        Copy(evt, attributes, "DestinationIp", EcsField.DestinationIp);
        Copy(evt, attributes, "SourcePort", EcsField.SourcePort);
        Copy(evt, attributes, "DestinationPort", EcsField.DestinationPort);
        Copy(evt, attributes, "QueryName", EcsField.DnsQuestionName);
        if (attributes.TryGetValue("Hashes", out var hashes) && evt.FileHashSha256 is null)
        {
            // Sysmon writes "SHA1=…,MD5=…,SHA256=…,IMPHASH=…".
            foreach (var part in hashes.Split(','))
            {
                if (part.StartsWith("SHA256=", StringComparison.OrdinalIgnoreCase))
                {
                    evt.FileHashSha256 = part[7..].ToLowerInvariant();
                }
            }
        }

        return DeadLetterReason.None;
    }

    private static void Copy(SecurityEvent evt, IReadOnlyDictionary<string, string> attributes, string name, EcsField field)
    {
        // Best effort: a value that does not fit the core type (a port of "-") stays an attribute only.
        if (attributes.TryGetValue(name, out var value) && evt.GetCoreText(field) is null)
        {
            _ = evt.TrySetCore(field, value);
        }
    }
}
