using System.Text;
using ClickHouse.Driver.Utility;
using Confluent.Kafka;
using CyberAgg.Correlator.Pipeline;
using CyberAgg.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CyberAgg.Correlator.Tests.Pipeline;

/// <summary>Two instances in one group, re-keyed through <c>cyberagg.indicators.v1</c>, raise what one instance raises.</summary>
[Collection(CorrelatorCollection.Name)]
public sealed class ScaleOutTests(KafkaFixture kafka, ClickHouseFixture clickHouse)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TwoScaledOutInstances_SightingsOnDifferentPartitions_SameCrossBorderAlertsAsOneInstance()
    {
        // Each indicator is seen first in EE, then in LV; keyed by partner, the two sightings land on different partitions.
        var messages = Enumerable.Range(0, 40).SelectMany(i => new[]
        {
            ($"ee-cert-{i}", PipelineHarness.Event(2 * i, "ee-cert", "EE", $"198.18.{i}.7", T0.AddSeconds(i))),
            ($"lv-cert-{i}", PipelineHarness.Event((2 * i) + 1, "lv-cert", "LV", $"198.18.{i}.7", T0.AddSeconds(i + 30))),
        }).ToList();

        var single = new PipelineHarness(kafka, clickHouse);
        await single.InitializeAsync();
        single.Produce(messages.Select(m => ((string?)m.Item1, Encoding.UTF8.GetBytes(m.Item2), (Headers?)null)));
        using (var one = single.Create())
        {
            var raised = 0;
            one.AlertsCommitted += alerts => Interlocked.Add(ref raised, alerts.Count);
            await PipelineHarness.RunUntilAsync(one, () => one.Totals.Messages >= messages.Count && Volatile.Read(ref raised) >= 40);
        }

        var expected = await AlertKeysAsync(single.Database);
        expected.Count.ShouldBe(40, "each of the 40 indicators crosses one border once");

        var scaled = new PipelineHarness(kafka, clickHouse);
        await scaled.InitializeAsync();
        var options = scaled.Options(batchMaxEvents: 10);
        options.ScaleOut = true;
        options.IndicatorsTopic = kafka.NewTopic("indicators", partitions: 4);
        using var stop = new CancellationTokenSource();
        var instances = Enumerable.Range(0, 2).Select(_ => scaled.Create(options))
            .Select(ingest => (Ingest: ingest, Correlate: new IndicatorCorrelator(options, scaled.Kafka, scaled.ClickHouse, PipelineHarness.ShippedRules, NullLogger.Instance, totals: ingest.Totals)))
            .ToList();
        var runs = instances.SelectMany(i => new[] { i.Ingest.RunAsync(stop.Token), i.Correlate.RunAsync(stop.Token) }).ToList();
        await Eventually.WaitAsync(() => instances.All(i => i.Ingest.AssignedPartitions > 0), "both instances own events partitions");

        // Only once both instances own partitions are the events sent, so both take a share.
        scaled.Produce(messages.Select(m => ((string?)m.Item1, Encoding.UTF8.GetBytes(m.Item2), (Headers?)null)));
        await Eventually.WaitAsync(async () => (await AlertKeysAsync(scaled.Database)).Count >= expected.Count, "the scaled-out instances raised as many alerts as one");

        await stop.CancelAsync();
        await Task.WhenAll(runs);
        foreach (var (ingest, correlate) in instances)
        {
            ingest.Dispose();
            correlate.Dispose();
        }

        instances.Sum(i => i.Ingest.Totals.Messages).ShouldBe(messages.Count);
        instances.ShouldAllBe(i => i.Ingest.Totals.Messages > 0, "both instances consumed a share of the events");
        instances.ShouldAllBe(i => i.Correlate.Observations > 0, "both instances correlated a share of the indicators");
        (await AlertKeysAsync(scaled.Database)).ShouldBe(expected);
        // The instances' totals (serve's readiness and stop line) count the alerts their indicator halves raised.
        instances.Sum(i => i.Ingest.Totals.Alerts).ShouldBeGreaterThanOrEqualTo(expected.Count);
    }

    private async Task<List<string>> AlertKeysAsync(string database)
    {
        using var connection = await clickHouse.OpenAsync(database);
        using var reader = await connection.ExecuteReaderAsync("SELECT rule_id, group_key, toString(countries) FROM alerts FINAL WHERE kind = 'cross-border' ORDER BY rule_id, group_key");
        var keys = new List<string>();
        while (await reader.ReadAsync())
        {
            keys.Add($"{reader.GetString(0)}|{reader.GetString(1)}|{reader.GetString(2)}");
        }

        return keys;
    }
}
