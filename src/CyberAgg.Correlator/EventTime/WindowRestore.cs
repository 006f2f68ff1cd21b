using System.Globalization;
using System.Text.Json;
using CyberAgg.Correlator.Evaluation;
using CyberAgg.Events;
using CyberAgg.Events.Alerts;
using CyberAgg.Rules.Loading;
using CyberAgg.Storage.Writers;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Correlator.EventTime;

/// <summary>
/// Restores the correlation state of still-open windows when partitions are assigned, from what ClickHouse already
/// holds: the partitions' highest event times (their watermarks), the correlation alerts whose windows may still
/// absorb evidence, and the partitions' events since the oldest window that can still be open.
/// </summary>
/// <remarks>
/// Events are read back for the assigned partitions only (<c>events.kafka_partition</c>), so instances sharing a
/// group each restore their own. Replaying them raises the same deterministic alert ids as the first run; ids that
/// are already stored are not raised again, so a restore yields neither a blind spot nor a duplicate.
/// </remarks>
internal sealed class WindowRestore(ClickHouseWriter writer, string database, CorrelatorOptions options, RuleSet rules, TimeProvider time, ILogger logger)
{
    private const string EventColumns =
        "event_id, toUnixTimestamp64Milli(ts), partner, country, observer_name, kind, category, action, outcome, severity, " +
        "source_ip, source_port, destination_ip, destination_port, transport, domain, url, file_sha256, file_name, user_name, " +
        "host_name, process_executable, process_command_line, technique, tlp, trusted, message, toJSONString(labels), toJSONString(attributes)";

    private readonly CorrelationRuleIndex index = new(rules);

    /// <summary>Restores <paramref name="partitions"/>; returns the alerts the restore raised that were never stored.</summary>
    public async Task<List<Alert>> RunAsync(List<int> partitions, RuleEvaluator evaluator, PartitionWatermarks watermarks, CancellationToken cancellationToken)
    {
        if (index.LongestWindow <= TimeSpan.Zero)
        {
            return [];
        }

        var list = string.Join(", ", partitions.Select(p => p.ToString(CultureInfo.InvariantCulture)));
        var ceiling = (time.GetUtcNow() + options.MaxClockSkew).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var highest = await writer.QueryAsync(
            $"SELECT kafka_partition, toUnixTimestamp64Milli(max(ts)) FROM {database}.events WHERE kafka_partition IN ({list}) AND ts <= fromUnixTimestamp64Milli({ceiling}) GROUP BY kafka_partition",
            cancellationToken);
        if (highest.Count == 0)
        {
            return [];
        }

        var lowest = DateTimeOffset.MaxValue;
        foreach (var row in highest)
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(row[1], CultureInfo.InvariantCulture));
            watermarks.Assign(int.Parse(row[0], CultureInfo.InvariantCulture), at);
            lowest = at < lowest ? at : lowest;
        }

        // A window still open at the watermark began at most one window before it; its suppression, one more.
        var since = lowest - options.Lateness - index.LongestWindow - index.LongestWindow;
        var sinceMs = since.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var seeded = 0;
        foreach (var row in await writer.QueryAsync(
            $"SELECT rule_id, toJSONString(group_fields), toUnixTimestamp64Milli(first_seen) FROM {database}.alerts FINAL WHERE kind != '{AlertKinds.Detection}' AND last_seen >= fromUnixTimestamp64Milli({sinceMs})",
            cancellationToken))
        {
            var groupFields = JsonSerializer.Deserialize<Dictionary<string, string>>(row[1]) ?? [];
            if (evaluator.RestoreAlert(row[0], groupFields, DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(row[2], CultureInfo.InvariantCulture))))
            {
                seeded++;
            }
        }

        var limit = options.RestoreMaxEvents;
        var rows = await writer.QueryAsync(
            $"SELECT {EventColumns} FROM {database}.events WHERE kafka_partition IN ({list}) AND ts >= fromUnixTimestamp64Milli({sinceMs}) AND ts <= fromUnixTimestamp64Milli({ceiling}) ORDER BY ts DESC, event_id LIMIT {limit.ToString(CultureInfo.InvariantCulture)}",
            cancellationToken);
        if (rows.Count >= limit && limit > 0)
        {
            Log.RestoreTruncated(logger, limit, since, list);
        }

        // Detection alerts were raised the first time round; correlation alerts (early firing raises them here, the
        // watermark below) are kept, and those already stored are dropped.
        var evaluated = new List<Alert>();
        for (var i = rows.Count - 1; i >= 0; i--)
        {
            evaluator.Evaluate(ToEvent(rows[i]), evaluated);
        }

        var raised = evaluated.Where(a => a.Kind != AlertKinds.Detection).ToList();
        evaluator.AdvanceWatermark(watermarks.Update(), raised);
        var fresh = await NotStoredAsync(raised, cancellationToken);
        Log.Restored(logger, list, rows.Count, since, seeded, evaluator.Watermark, fresh.Count);
        return fresh;
    }

    private async Task<List<Alert>> NotStoredAsync(List<Alert> raised, CancellationToken cancellationToken)
    {
        if (raised.Count == 0)
        {
            return raised;
        }

        // Alert ids are hex or GUID text, never user input; quoting them is safe.
        var ids = string.Join(", ", raised.Select(a => $"'{a.AlertId}'"));
        var stored = (await writer.QueryAsync($"SELECT alert_id FROM {database}.alerts WHERE alert_id IN ({ids})", cancellationToken))
            .Select(r => r[0])
            .ToHashSet(StringComparer.Ordinal);
        return raised.Where(a => !stored.Contains(a.AlertId)).ToList();
    }

    private static SecurityEvent ToEvent(string[] row)
    {
        var e = new SecurityEvent { Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(row[1], CultureInfo.InvariantCulture)) };
        Set(e, "event.id", row[0]);
        Set(e, "observer.partner", row[2]);
        Set(e, "observer.country", row[3]);
        Set(e, "observer.name", row[4]);
        Set(e, "event.kind", row[5]);
        Set(e, "event.category", row[6]);
        Set(e, "event.action", row[7]);
        Set(e, "event.outcome", row[8]);
        e.Severity = PositiveOrNull(row[9]);
        Set(e, "source.ip", row[10]);
        e.SourcePort = PositiveOrNull(row[11]);
        Set(e, "destination.ip", row[12]);
        e.DestinationPort = PositiveOrNull(row[13]);
        Set(e, "network.transport", row[14]);

        // Storage keeps one domain column: the DNS question, else the URL's domain (EventRows.Write).
        var url = row[16];
        Set(e, url.Length > 0 && Uri.TryCreate(url, UriKind.Absolute, out var parsed) && string.Equals(parsed.Host, row[15], StringComparison.OrdinalIgnoreCase) ? "url.domain" : "dns.question.name", row[15]);
        Set(e, "url.full", url);
        Set(e, "file.hash.sha256", row[17]);
        Set(e, "file.name", row[18]);
        Set(e, "user.name", row[19]);
        Set(e, "host.name", row[20]);
        Set(e, "process.executable", row[21]);
        Set(e, "process.command_line", row[22]);
        Set(e, "threat.technique.id", row[23]);
        Set(e, "tlp", row[24]);
        e.Trusted = row[25] == "1";
        Set(e, "message", row[26]);
        foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(row[27]) ?? [])
        {
            Set(e, "labels." + key, value);
        }

        foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(row[28]) ?? [])
        {
            Set(e, key, value);
        }

        return e;
    }

    // Storage writes an absent number as 0 (EventRows.Write).
    private static int? PositiveOrNull(string column) => int.Parse(column, CultureInfo.InvariantCulture) is var value and > 0 ? value : null;

    private static void Set(SecurityEvent e, string field, string value)
    {
        if (value.Length > 0)
        {
            e.TrySetField(field, value);
        }
    }
}
