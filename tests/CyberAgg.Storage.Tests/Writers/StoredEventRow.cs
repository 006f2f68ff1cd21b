using System.Globalization;
using System.Text.Json;
using ClickHouse.Driver;
using CyberAgg.Events;
using CyberAgg.Storage.Tables;

namespace CyberAgg.Storage.Tests.Writers;

/// <summary>
/// A row of <c>events</c> in a form two rows compare by: what the table should hold for an event (the model, written
/// out here rather than taken from the writer under test), or what a SELECT read back.
/// </summary>
internal static class StoredEventRow
{
    /// <summary>The columns read back, numbers and the two times as plain integers, maps as key and value lists.</summary>
    public const string Select =
        "event_id, toUnixTimestamp64Milli(ts), toUnixTimestamp64Milli(ingested_at), partner, country, observer_name, kind, " +
        "category, action, outcome, toInt64(severity), source_ip, toInt64(source_port), destination_ip, " +
        "toInt64(destination_port), transport, domain, url, file_sha256, file_name, user_name, host_name, process_executable, " +
        "process_command_line, technique, tlp, toInt64(trusted), message, mapKeys(labels), mapValues(labels), " +
        "mapKeys(attributes), mapValues(attributes), toInt64(kafka_partition)";

    /// <summary>What the table should hold for <paramref name="e"/>.</summary>
    public static string Expected(SecurityEvent e, DateTimeOffset ingestedAt, int partition) => Canonical(
    [
        e.EventId ?? "", Milliseconds(e.Timestamp), Milliseconds(ingestedAt), e.Partner ?? "", e.Country ?? "",
        e.ObserverName ?? "", e.Kind ?? "", e.Category ?? "", e.Action ?? "", e.Outcome ?? "",
        (long)Math.Clamp(e.Severity ?? 0, 0, 255), e.SourceIp ?? "", (long)Math.Clamp(e.SourcePort ?? 0, 0, 65535),
        e.DestinationIp ?? "", (long)Math.Clamp(e.DestinationPort ?? 0, 0, 65535), e.NetworkTransport ?? "",
        e.DnsQuestionName ?? e.UrlDomain ?? "", e.UrlFull ?? "", e.FileHashSha256 ?? "", e.FileName ?? "",
        e.UserName ?? "", e.HostName ?? "", e.ProcessExecutable ?? "", e.ProcessCommandLine ?? "",
        e.ThreatTechniqueId ?? "", e.Tlp.ToName(), e.Trusted ? 1L : 0L, e.Message ?? "",
        .. Sorted(e.LabelCount > 0 ? e.Labels : []), .. Sorted(e.AttributeCount > 0 ? e.Attributes : []), (long)partition,
    ]);

    /// <summary>The rows of <paramref name="table"/> matching <paramref name="where"/>, canonical and sorted.</summary>
    public static async Task<List<string>> ReadAsync(ClickHouseClient client, string table, string where)
    {
        var rows = new List<string>();
        using var reader = await client.ExecuteReaderAsync($"SELECT {Select} FROM {table} WHERE {where}", null, null, CancellationToken.None);
        while (await reader.ReadAsync())
        {
            var values = new object[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
            {
                var value = reader.GetValue(i);
                values[i] = value switch
                {
                    string s => s,
                    sbyte or byte or short or ushort or int or uint or long or ulong => Convert.ToInt64(value, CultureInfo.InvariantCulture),
                    _ => ClickHouseValues.Strings(value),
                };
            }

            // Maps compare with their keys in .NET's ordinal order (ClickHouse sorts UTF-8 bytes, which differs).
            rows.Add(Canonical(
            [
                .. values[..28],
                .. Sorted(Zip(values[28], values[29])), .. Sorted(Zip(values[30], values[31])), values[32],
            ]));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static long Milliseconds(DateTimeOffset t) => (t.UtcTicks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;

    private static object[] Sorted(Dictionary<string, string> map)
    {
        var keys = map.Keys.Order(StringComparer.Ordinal).ToArray();
        return [keys, keys.Select(k => map[k]).ToArray()];
    }

    private static Dictionary<string, string> Zip(object keys, object values) =>
        ((string[])keys).Zip((string[])values).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);

    private static string Canonical(object[] values) => JsonSerializer.Serialize(values);
}
