using System.Globalization;
using ClickHouse.Driver;
using ClickHouse.Driver.ADO.Parameters;
using ClickHouse.Driver.Utility;

namespace CyberAgg.Storage.Tables;

/// <summary>
/// The read gateway to <c>events</c>. Event ids come from partners (an agent may send its own), so two partners can
/// hold the same id: every lookup is by owner and id, never by id alone.
/// </summary>
public sealed class EventsTable(ClickHouseClient client, string database)
{
    /// <summary>Most evidence events one lookup returns.</summary>
    public const int MaxEvidence = 1000;

    /// <summary>
    /// The events with one of <paramref name="eventIds"/> owned by one of <paramref name="owners"/> (an alert's
    /// partners), one row per (owner, id), oldest first. Release per row stays the caller's job.
    /// </summary>
    public async Task<IReadOnlyList<EvidenceEvent>> EvidenceAsync(IReadOnlyList<string> owners, IReadOnlyList<string> eventIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owners);
        ArgumentNullException.ThrowIfNull(eventIds);
        if (owners.Count == 0 || eventIds.Count == 0)
        {
            return [];
        }

        var p = new ClickHouseParameterCollection();
        p.AddParameter("ids", eventIds.Take(MaxEvidence).ToArray());
        p.AddParameter("owners", owners.ToArray());
        var seen = new HashSet<(string, string)>();
        var events = new List<EvidenceEvent>();
        using var reader = await client.ExecuteReaderAsync(
            "SELECT event_id, ts, partner, country, observer_name, category, action, outcome, severity, source_ip, destination_ip, " +
            "domain, file_sha256, technique, user_name, host_name, tlp, message, process_command_line " +
            $"FROM {database}.events WHERE has({{ids:Array(String)}}, event_id) AND has({{owners:Array(String)}}, partner) " +
            $"ORDER BY ts, partner, event_id LIMIT {MaxEvidence}", p, null, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var e = new EvidenceEvent
            {
                EventId = reader.GetString(0),
                Timestamp = ClickHouseValues.Time(reader.GetValue(1)),
                Partner = reader.GetString(2),
                Country = reader.GetString(3),
                ObserverName = reader.GetString(4),
                Category = reader.GetString(5),
                Action = reader.GetString(6),
                Outcome = reader.GetString(7),
                Severity = Convert.ToInt32(reader.GetValue(8), CultureInfo.InvariantCulture),
                SourceIp = reader.GetString(9),
                DestinationIp = reader.GetString(10),
                Domain = reader.GetString(11),
                FileSha256 = reader.GetString(12),
                Technique = reader.GetString(13),
                UserName = reader.GetString(14),
                HostName = reader.GetString(15),
                Tlp = reader.GetString(16),
                Message = reader.GetString(17),
                CommandLine = reader.GetString(18),
            };
            if (seen.Add((e.Partner, e.EventId)))
            {
                events.Add(e);
            }
        }

        return events;
    }
}
