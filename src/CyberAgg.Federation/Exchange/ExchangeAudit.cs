using System.Globalization;
using CyberAgg.Configuration;
using CyberAgg.Storage.Writers;

namespace CyberAgg.Federation.Exchange;

/// <summary>
/// The node's own audit of clear-value exchanges, in its own ClickHouse (<c>federation_exchange_audit</c>, migration
/// 0040 in CyberAgg.Storage, applied with the node's schema): every
/// request it made or answered, refusals and rejected (forged, replayed) messages included. Written before the
/// answer is sent, so nothing leaves the node unaudited.
/// </summary>
internal sealed class ExchangeAudit : IDisposable
{
    public const string Table = "federation_exchange_audit";
    private readonly ClickHouseWriter writer;
    private readonly string table;
    private long sequence;

    public ExchangeAudit(ClickHouseOptions clickHouse, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(clickHouse);
        writer = new ClickHouseWriter(clickHouse.ConnectionString(), time);
        table = $"{clickHouse.Database}.{Table}";
    }

    public Task WriteAsync(ExchangeAuditRow row, CancellationToken cancellationToken) =>
        writer.InsertAsync(table, ExchangeAuditRow.Columns, [row.ToRow()], $"exchange:{row.RequestId}:{row.Role}:{row.Decision}:{row.Reason}:{Environment.ProcessId}:{Interlocked.Increment(ref sequence)}", cancellationToken);

    /// <summary>Request ids this node answered as owner since <paramref name="since"/>: a restarted node still refuses their replays.</summary>
    public async Task<IReadOnlyCollection<string>> AnsweredSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var rows = await writer.QueryAsync(
            string.Create(CultureInfo.InvariantCulture, $"SELECT DISTINCT request_id FROM {table} WHERE role = 'owner' AND decision IN ('released', 'refused') AND requested_at >= fromUnixTimestamp64Milli({since.ToUnixTimeMilliseconds()})"),
            cancellationToken);
        return rows.Select(r => r[0]).ToList();
    }

    /// <summary>This node's rows of one request (<paramref name="id"/> must be 32 hex digits), oldest first.</summary>
    public async Task<IReadOnlyList<ExchangeAuditRow>> RowsAsync(string id, CancellationToken cancellationToken)
    {
        if (!ClearValueExchange.IsId(id))
        {
            return [];
        }

        return Parse(await writer.QueryAsync($"SELECT {Select} FROM {table} WHERE request_id = '{id}' ORDER BY audited_at", cancellationToken));
    }

    /// <summary>The newest rows, newest first (at most <paramref name="limit"/>).</summary>
    public async Task<IReadOnlyList<ExchangeAuditRow>> RecentAsync(int limit, CancellationToken cancellationToken) =>
        Parse(await writer.QueryAsync(string.Create(CultureInfo.InvariantCulture, $"SELECT {Select} FROM {table} ORDER BY audited_at DESC LIMIT {Math.Clamp(limit, 1, 1000)}"), cancellationToken));

    private static string Select => "toUnixTimestamp64Milli(audited_at), " + string.Join(", ", ExchangeAuditRow.Columns.Skip(1).Take(12)) + ", toUnixTimestamp64Milli(requested_at), clear_value";

    private static List<ExchangeAuditRow> Parse(List<string[]> rows) => rows.Select(r => new ExchangeAuditRow(
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(r[0], CultureInfo.InvariantCulture)), r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12],
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(r[13], CultureInfo.InvariantCulture)), r[14])).ToList();

    public void Dispose() => writer.Dispose();
}
