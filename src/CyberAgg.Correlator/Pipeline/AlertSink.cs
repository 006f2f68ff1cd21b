using System.Diagnostics;
using CyberAgg.Correlator.Telemetry;
using CyberAgg.Events.Alerts;
using CyberAgg.Storage.Writers;

namespace CyberAgg.Correlator.Pipeline;

/// <summary>Makes alerts durable: a row in ClickHouse <c>alerts</c> and a message on <c>cyberagg.alerts.v1</c>, both acknowledged.</summary>
internal sealed class AlertSink(ClickHouseWriter writer, KafkaPublisher publisher, string database) : IAlertSink
{
    public async Task StoreAsync(List<Alert> alerts, CancellationToken cancellationToken)
    {
        if (alerts.Count == 0)
        {
            return;
        }

        // Alert ids are deterministic, so the token is too: a replayed batch raises the same alerts and is dropped.
        var token = "alerts/" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(string.Join(',', alerts.Select(a => a.AlertId)))));
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(
            TimedAsync(writer.InsertAsync($"{database}.alerts", AlertRows.Columns, alerts.Select(AlertRows.ToRow).ToList(), token, cancellationToken), "clickhouse", started),
            TimedAsync(publisher.PublishAlertsAsync(alerts, cancellationToken), "kafka", started));
    }

    // Each sink's share of an alert's wait, so an operator (and the bench) can tell which one holds it.
    private static async Task TimedAsync(Task durable, string sink, long started)
    {
        await durable;
        CorrelatorInstrumentation.AlertDurability.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>(CorrelatorInstrumentation.Tags.Sink, sink));
    }
}
