using System.Collections.Frozen;
using System.Globalization;
using CyberAgg.Agent.Parsing.Time;
using CyberAgg.Events;

namespace CyberAgg.Agent.Parsing;

/// <summary>Maps CEF header and extension keys onto ECS names (the mapping of Elastic's CEF integration); the rest stay attributes.</summary>
internal static class CefFieldMap
{
    private static readonly FrozenDictionary<string, string> Extensions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["src"] = EcsFieldNames.SourceIp,
        ["dst"] = EcsFieldNames.DestinationIp,
        ["spt"] = EcsFieldNames.SourcePort,
        ["dpt"] = EcsFieldNames.DestinationPort,
        ["suser"] = EcsFieldNames.UserName,
        ["duser"] = "destination.user.name",
        ["shost"] = "source.domain",
        ["dhost"] = "destination.domain",
        ["smac"] = "source.mac",
        ["dmac"] = "destination.mac",
        ["fname"] = EcsFieldNames.FileName,
        ["filePath"] = "file.path",
        ["request"] = EcsFieldNames.UrlFull,
        ["requestMethod"] = "http.request.method",
        ["requestClientApplication"] = "user_agent.original",
        ["act"] = EcsFieldNames.EventAction,
        ["outcome"] = EcsFieldNames.EventOutcome,
        ["proto"] = EcsFieldNames.NetworkTransport,
        ["app"] = "network.protocol",
        ["msg"] = EcsFieldNames.Message,
        ["dvchost"] = "observer.hostname",
        ["dvc"] = "observer.ip",
        ["sproc"] = "process.name",
        ["dproc"] = "process.name",
        ["in"] = "source.bytes",
        ["out"] = "destination.bytes",
        ["externalId"] = "event.id.external",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Writes the CEF record into <paramref name="evt"/>; core fields whose value does not fit stay attributes.</summary>
    public static void Apply(CefMessage cef, SecurityEvent evt, DateTimeOffset received)
    {
        evt.Attributes["cef.version"] = cef.Version;
        evt.Attributes["observer.vendor"] = cef.DeviceVendor;
        evt.Attributes["observer.product"] = cef.DeviceProduct;
        evt.Attributes["observer.version"] = cef.DeviceVersion;
        evt.Attributes["event.code"] = cef.SignatureId;
        evt.Attributes["cef.name"] = cef.Name;
        evt.Attributes["cef.severity"] = cef.Severity;
        evt.Message ??= cef.Name;
        if (SeverityOf(cef.Severity) is { } severity)
        {
            evt.Severity = severity;
        }

        foreach (var (key, value) in cef.Extensions)
        {
            if (key == "rt" && CefTimestamp.TryParse(value, received, out var time))
            {
                evt.Timestamp = time;
                continue;
            }

            if (key == "fileHash" && value.Length == 64 && IsHex(value))
            {
                evt.FileHashSha256 = value.ToLowerInvariant();
                continue;
            }

            var name = Extensions.GetValueOrDefault(key, key);
            var mapped = name == EcsFieldNames.NetworkTransport ? value.ToLowerInvariant() : value;
            if (!evt.TrySetField(name, mapped))
            {
                evt.Attributes[key] = value;
            }
        }
    }

    /// <summary>CEF severity is 0–10 or Low/Medium/High/Very-High.</summary>
    internal static int? SeverityOf(string text) => text.Trim().ToUpperInvariant() switch
    {
        "LOW" => 3,
        "MEDIUM" => 6,
        "HIGH" => 8,
        "VERY-HIGH" or "VERY HIGH" => 10,
        var t when int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 10 => n,
        _ => null,
    };

    private static bool IsHex(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
