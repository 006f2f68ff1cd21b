using System.Globalization;
using CyberAgg.Correlator.Telemetry;
using CyberAgg.Storage.Writers;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Correlator.Pipeline;

/// <summary>
/// Reports offsets of the events topic that Kafka deleted (retention) before they were consumed: an error naming
/// topic, partition, range and count, the <c>cyberagg.correlator.gaps</c> counter, and a row in
/// <c>cyberagg.ingest_gaps</c> for the operator.
/// </summary>
internal sealed class GapReporter(ClickHouseWriter writer, string database, string consumer, ILogger logger)
{
    public async Task ReportAsync(string topic, int partition, long firstOffset, long lastOffset, CancellationToken cancellationToken)
    {
        var messages = lastOffset - firstOffset + 1;
        if (messages <= 0)
        {
            return;
        }

        Log.GapDetected(logger, topic, partition, firstOffset, lastOffset, messages);
        CorrelatorInstrumentation.Gaps.Add(messages, new KeyValuePair<string, object?>("topic", topic));
        var values = string.Create(CultureInfo.InvariantCulture, $"('{Quote(topic)}', {partition}, {firstOffset}, {lastOffset}, {messages}, '{Quote(consumer)}')");
        await writer.ExecuteAsync($"INSERT INTO {database}.ingest_gaps (topic, partition, first_offset, last_offset, messages, consumer) VALUES {values}", cancellationToken);
    }

    private static string Quote(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);
}
