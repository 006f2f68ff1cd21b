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

    /// <summary>Stores the rows and returns those the table refused (their index in <paramref name="rows"/>), each with the server's reason.</summary>
    public async Task<List<(int Row, string Reason)>> StoreAsync(EncodedEventRows rows, string token, CancellationToken cancellationToken)
    {
        var refused = new List<(int, string)>();
        if (rows.Count == 0)
        {
            return refused;
        }

        var days = DayChunks(rows);
        if (days is null)
        {
            await InsertOrSplitAsync(rows, null, token, refused, cancellationToken);
            return refused;
        }

        for (var i = 0; i < days.Count; i++)
        {
            await InsertOrSplitAsync(rows, days[i], $"{token}/d{i}", refused, cancellationToken);
        }

        return refused;
    }

    /// <summary>Null when the rows fit one insert; else row indices in chunks of at most the allowed number of day partitions, oldest first.</summary>
    private static List<int[]>? DayChunks(EncodedEventRows rows)
    {
        var days = new HashSet<long>();
        var last = long.MinValue;
        for (var i = 0; i < rows.Count; i++)
        {
            // Ranges are mostly in time order: only a change of day costs a lookup.
            var day = rows.TimestampTicks(i) / TimeSpan.TicksPerDay;
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

        var byDay = new SortedDictionary<long, List<int>>();
        for (var i = 0; i < rows.Count; i++)
        {
            var day = rows.TimestampTicks(i) / TimeSpan.TicksPerDay;
            if (!byDay.TryGetValue(day, out var list))
            {
                byDay[day] = list = [];
            }

            list.Add(i);
        }

        return [.. byDay.Values.Chunk(StoreErrors.MaxPartitionsPerInsert).Select(group => group.SelectMany(g => g).ToArray())];
    }

    /// <summary>Inserts the rows at <paramref name="indices"/> (all when null); on a data error, each half alone, down to single rows.</summary>
    private async Task InsertOrSplitAsync(
        EncodedEventRows rows, int[]? indices, string token, List<(int, string)> refused, CancellationToken cancellationToken)
    {
        var selection = indices is null ? rows.All() : rows.Select(indices);
        try
        {
            await writer.InsertRowBinaryAsync(table, EventRows.Columns, selection, token, cancellationToken);
        }
        catch (Exception e) when (StoreErrors.IsDataError(e))
        {
            if (selection.Count == 1)
            {
                refused.Add((selection.SourceRow(0), $"{StoreErrors.Kind(e)}: {FirstLine(e.Message)}"));
                return;
            }

            var all = indices ?? [.. Enumerable.Range(0, rows.Count)];
            var half = all.Length / 2;
            await InsertOrSplitAsync(rows, all[..half], token + "/h0", refused, cancellationToken);
            await InsertOrSplitAsync(rows, all[half..], token + "/h1", refused, cancellationToken);
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
