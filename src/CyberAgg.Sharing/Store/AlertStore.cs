using ClickHouse.Driver;
using CyberAgg.Sharing.Audit;
using CyberAgg.Sharing.Policy;
using CyberAgg.Storage.Tables;
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
        Alerts = new AlertsTable(client, writer, database);
        Events = new EventsTable(client, database);
        Rates = new EventRatesTable(client, database);
    }

    /// <summary>The gateway to <c>alerts</c>.</summary>
    public AlertsTable Alerts { get; }

    /// <summary>The gateway to <c>events</c>.</summary>
    public EventsTable Events { get; }

    /// <summary>The gateway to the per-minute rollup.</summary>
    public EventRatesTable Rates { get; }

    public ClickHouseClient Client => client;

    public ClickHouseWriter Writer => writer;

    public string Database => database;

    public Task<StoredAlert?> GetAsync(string alertId, CancellationToken cancellationToken) => Alerts.GetAsync(alertId, cancellationToken);

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
        await Alerts.InsertAsync([next], token, cancellationToken);
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
