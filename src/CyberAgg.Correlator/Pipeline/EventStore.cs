using System.Text.Json;
using CyberAgg.Events;
using CyberAgg.Storage.Writers;

namespace CyberAgg.Correlator.Pipeline;

/// <summary>
/// Inserts one partition range into <c>events</c>, splitting it where the rows are at fault: by day partition when
/// the range spans more days than one insert may create, then in halves around rows the table refuses, until each
/// refused row stands alone and is handed back to be dead-lettered.
/// </summary>
/// <remarks>
/// Every split is a function of the rows alone, and each part carries the range's token with a suffix naming the
/// part, so a replay after a crash splits the same way and ClickHouse drops every part it already holds. A range
/// that needs no split keeps the plain token.
/// </remarks>
internal sealed class EventStore(ClickHouseWriter writer, string database)
{
    private readonly string table = database + ".events";

    /// <summary>Stores the events and returns those the table refused, each with the server's reason.</summary>
    public async Task<List<(SecurityEvent Event, string Reason)>> StoreAsync(
        IReadOnlyList<SecurityEvent> events, DateTime ingestedAt, int partition, string token, CancellationToken cancellationToken)
    {
        var refused = new List<(SecurityEvent, string)>();
        if (events.Count == 0)
        {
            return refused;
        }

        var days = DayChunks(events);
        if (days is null)
        {
            await InsertOrSplitAsync(events, ingestedAt, partition, token, refused, cancellationToken);
            return refused;
        }

        for (var i = 0; i < days.Count; i++)
        {
            await InsertOrSplitAsync(days[i], ingestedAt, partition, $"{token}/d{i}", refused, cancellationToken);
        }

        return refused;
    }

    /// <summary>A summary of a refused event for the dead letter's original bytes: its id, time and origin.</summary>
    public static byte[] Describe(SecurityEvent e) => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string?>
    {
        ["event.id"] = e.EventId,
        ["@timestamp"] = e.Timestamp.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["observer.partner"] = e.Partner,
        ["observer.country"] = e.Country,
    });

    /// <summary>Null when the events fit one insert; else chunks of at most the allowed number of day partitions, oldest first.</summary>
    private static List<List<SecurityEvent>>? DayChunks(IReadOnlyList<SecurityEvent> events)
    {
        var days = new HashSet<long>();
        var last = long.MinValue;
        foreach (var e in events)
        {
            // Ranges are mostly in time order: only a change of day costs a lookup.
            var day = e.Timestamp.UtcTicks / TimeSpan.TicksPerDay;
            if (day != last)
            {
                days.Add(day);
                last = day;
            }
        }

        if (days.Count <= StoreErrors.MaxPartitionsPerInsert)
        {
            return null;
        }

        var byDay = new SortedDictionary<long, List<SecurityEvent>>();
        foreach (var e in events)
        {
            var day = e.Timestamp.UtcTicks / TimeSpan.TicksPerDay;
            if (!byDay.TryGetValue(day, out var list))
            {
                byDay[day] = list = [];
            }

            list.Add(e);
        }

        return [.. byDay.Values.Chunk(StoreErrors.MaxPartitionsPerInsert).Select(group => group.SelectMany(g => g).ToList())];
    }

    private async Task InsertOrSplitAsync(
        IReadOnlyList<SecurityEvent> events, DateTime ingestedAt, int partition, string token, List<(SecurityEvent, string)> refused, CancellationToken cancellationToken)
    {
        try
        {
            var rows = new EventRows(events, new DateTimeOffset(ingestedAt, TimeSpan.Zero), partition);
            await writer.InsertRowBinaryAsync(table, EventRows.Columns, rows, token, cancellationToken);
        }
        catch (Exception e) when (StoreErrors.IsDataError(e))
        {
            if (events.Count == 1)
            {
                refused.Add((events[0], $"{StoreErrors.Kind(e)}: {FirstLine(e.Message)}"));
                return;
            }

            var half = events.Count / 2;
            await InsertOrSplitAsync([.. events.Take(half)], ingestedAt, partition, token + "/h0", refused, cancellationToken);
            await InsertOrSplitAsync([.. events.Skip(half)], ingestedAt, partition, token + "/h1", refused, cancellationToken);
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
