using System.Globalization;
using System.Net;
using System.Text.Json;
using CyberAgg.Agent.Parsing.Time;
using CyberAgg.Events;

namespace CyberAgg.Agent.Parsing.Sensors;

/// <summary>
/// Helpers shared by the Suricata and Zeek mappings: they read the flattened originals (which stay attributes) and
/// write ECS core fields only when the value has the right shape, so a sensor quirk never turns into a dead letter.
/// </summary>
internal static class SensorFields
{
    /// <summary>The attribute that names the sensor log an event came from (ECS <c>event.dataset</c>).</summary>
    public const string Dataset = "event.dataset";

    // The concrete dictionary (not IReadOnlyDictionary): a mapping reads some 30 names per record, and each interface
    // call costs a dispatch.
    public static string? Get(SecurityEvent evt, string name) =>
        evt.AttributeCount > 0 && evt.Attributes.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public static bool Has(SecurityEvent evt, string name) => evt.AttributeCount > 0 && evt.Attributes.ContainsKey(name);

    /// <summary>Copies an attribute into a core field when it fits the field's type; returns whether it did.</summary>
    public static bool Copy(SecurityEvent evt, string from, EcsField to)
    {
        var value = Get(evt, from);
        return value is not null && evt.TrySetCore(to, value);
    }

    /// <summary><see cref="Copy(SecurityEvent, string, EcsField)"/> of a value already read (null when absent).</summary>
    public static bool CopyValue(SecurityEvent evt, string? value, EcsField to) => value is not null && evt.TrySetCore(to, value);

    public static bool CopyIp(SecurityEvent evt, string from, EcsField to) => CopyIpValue(evt, Get(evt, from), to);

    /// <summary>Copies the address (or an array's first) into a core field when it is one; null when absent.</summary>
    public static bool CopyIpValue(SecurityEvent evt, string? value, EcsField to)
    {
        value = FirstOf(value);
        return value is not null && (IsDottedQuad(value) || IPAddress.IsValid(value)) && evt.TrySetCore(to, value);
    }

    /// <summary>
    /// True for the common IPv4 form, four decimal numbers of 0–255 without leading zeros, which
    /// <see cref="IPAddress.IsValid(ReadOnlySpan{char})"/> accepts too: checked here without its general parser (every
    /// other form, false here, is left to it).
    /// </summary>
    public static bool IsDottedQuad(ReadOnlySpan<char> text)
    {
        var parts = 0;
        var i = 0;
        while (true)
        {
            var start = i;
            var number = 0;
            while (i < text.Length && i - start < 3 && char.IsAsciiDigit(text[i]))
            {
                number = (number * 10) + (text[i] - '0');
                i++;
            }

            var digits = i - start;
            if (digits == 0 || number > 255 || (digits > 1 && text[start] == '0'))
            {
                return false;
            }

            if (++parts == 4)
            {
                return i == text.Length;
            }

            if (i == text.Length || text[i] != '.')
            {
                return false;
            }

            i++;
        }
    }

    /// <summary>Writes an ECS attribute (not a core field) from an original one, when present.</summary>
    public static void Alias(SecurityEvent evt, string from, string to) => AliasValue(evt, Get(evt, from), to);

    /// <summary>Writes an ECS attribute from an original already read (nothing when it is null).</summary>
    public static void AliasValue(SecurityEvent evt, string? value, string to)
    {
        if (value is not null)
        {
            evt.Attributes[to] = value;
        }
    }

    /// <summary>Sets a core field unless the record already set it (a sensor that writes ECS itself wins).</summary>
    public static void SetIfAbsent(SecurityEvent evt, EcsField field, string? value)
    {
        if (value is not null && evt.GetCoreText(field) is null)
        {
            evt.TrySetCore(field, value);
        }
    }

    public static void SetTransport(SecurityEvent evt, string? proto)
    {
        if (proto is not null && evt.NetworkTransport is null)
        {
            // The usual names without a new lower-case string per record; any other through ToLowerInvariant.
            evt.NetworkTransport = proto switch
            {
                "TCP" => "tcp",
                "UDP" => "udp",
                "ICMP" => "icmp",
                "IPv6-ICMP" => "ipv6-icmp",
                _ => proto.ToLowerInvariant(),
            };
        }
    }

    /// <summary>A lower-case hex digest of the given length, or null.</summary>
    public static string? Hash(string? value, int length)
    {
        if (value is null || value.Length != length)
        {
            return null;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return null;
            }
        }

        return value.ToLowerInvariant();
    }

    /// <summary>The first string of a JSON array attribute (<c>["a","b"]</c>), or the value itself when it is not an array.</summary>
    public static string? FirstOf(string? value)
    {
        if (value is null || value.Length == 0 || value[0] != '[')
        {
            return value;
        }

        try
        {
            using var document = JsonDocument.Parse(value);
            foreach (var element in document.RootElement.EnumerateArray())
            {
                return element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText();
            }
        }
        catch (JsonException)
        {
            // Not JSON after all: the raw text is the value.
            return value;
        }

        return null;
    }

    /// <summary>A named property of the first object of a JSON array attribute (<c>[{"rrname":"x"}]</c>).</summary>
    public static string? FirstObjectProperty(string? array, string property)
    {
        if (array is null || array.Length == 0 || array[0] != '[')
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(array);
            foreach (var element in document.RootElement.EnumerateArray())
            {
                return element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
                    ? value.GetString()
                    : null;
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }

    /// <summary>Sensor time: ISO 8601 (any offset) or epoch seconds with a fraction (Zeek's default).</summary>
    public static bool TryParseTime(string? text, out DateTimeOffset timestamp)
    {
        timestamp = default;
        if (text is null)
        {
            return false;
        }

        if (text.Length > 0 && char.IsAsciiDigit(text[0]) && !text.Contains('-')
            && decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            if (seconds > 253_402_300_799m)
            {
                return false;
            }

            timestamp = DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
            return true;
        }

        return Rfc3339.TryParseLenient(text, out timestamp);
    }

    /// <summary><c>scheme://host[:port]path</c>, or the path alone when it is already absolute.</summary>
    public static string? Url(string scheme, string? host, string? port, string? path, int defaultPort)
    {
        if (path is not null && (path.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || path.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
        {
            return path;
        }

        if (host is null)
        {
            return null;
        }

        var portPart = port is not null && port != defaultPort.ToString(CultureInfo.InvariantCulture) ? ":" + port : string.Empty;
        var hostPart = host.Contains(':') && !host.StartsWith('[') ? "[" + host + "]" : host;
        return $"{scheme}://{hostPart}{portPart}{path ?? "/"}";
    }
}
