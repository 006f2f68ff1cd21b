using ClickHouse.Driver;
using ClickHouse.Driver.ADO.Parameters;
using ClickHouse.Driver.Utility;
using CyberAgg.Sharing.Audit;
using CyberAgg.Sharing.Policy;
using CyberAgg.Storage.Writers;

namespace CyberAgg.Sharing.Store;

/// <summary>
/// Reads alerts from <c>cyberagg.alerts</c> (latest version, FINAL) and records status changes as newer versions,
/// each with an audit row: the table stays append-only and ReplacingMergeTree keeps the latest.
/// </summary>
public sealed class AlertStore : IDisposable
{
    private readonly ClickHouseClient client;
    private readonly ClickHouseWriter writer;
    private readonly string database;
    private readonly TimeProvider time;

    public AlertStore(string connectionString, string database, TimeProvider time)
    {
        client = new ClickHouseClient(connectionString);
        writer = new ClickHouseWriter(connectionString, time);
        this.database = database;
        this.time = time;
    }

    public ClickHouseClient Client => client;

    public ClickHouseWriter Writer => writer;

    public string Database => database;

    public async Task<StoredAlert?> GetAsync(string alertId, CancellationToken cancellationToken)
    {
        var parameters = new ClickHouseParameterCollection();
        parameters.AddParameter("id", alertId);
        using var reader = await client.ExecuteReaderAsync(
            $"SELECT {AlertColumns.Select} FROM {database}.alerts FINAL WHERE alert_id = {{id:String}} LIMIT 1", parameters, null, cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? AlertColumns.Read(reader) : null;
    }

    /// <summary>Writes the new version and its audit row; the version is later than the current one even if clocks disagree.</summary>
    public async Task<StoredAlert> ChangeStatusAsync(StoredAlert current, AlertStatusChange change, Principal actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(actor);
        var now = time.GetUtcNow();
        var version = now > current.UpdatedAt ? now : current.UpdatedAt.AddMilliseconds(1);
        var next = new StoredAlert(
            current.Alert with { Status = change.TargetStatus },
            change.Action == AuditActions.Assign ? change.Assignee ?? "" : current.Assignee,
            version);
        var token = $"status:{current.Alert.AlertId}:{version.ToUnixTimeMilliseconds()}:{change.Action}";
        await writer.InsertAsync($"{database}.alerts", AlertColumns.Insert, [AlertColumns.ToRow(next)], token, cancellationToken);
        var detail = change.Action == AuditActions.Assign ? $"assignee={next.Assignee}" : change.Note ?? "";
        var audit = new AuditRecord(now, change.Action, actor.Id, actor.Id, current.Alert.AlertId, [], [], current.Alert.Tlp, AuditActions.ChannelApi, detail);
        await writer.InsertAsync($"{database}.sharing_audit", AuditRecord.Columns, [audit.ToRow()], token + ":audit", cancellationToken);
        return next;
    }

    public void Dispose()
    {
        client.Dispose();
        writer.Dispose();
    }
}
