using CyberAgg.Correlator.Tests.Pipeline;
using CyberAgg.Events.Alerts;
using CyberAgg.Testing;

namespace CyberAgg.Correlator.Tests.EventTime;

/// <summary>A restart inside a correlation window opens no blind spot and raises no alert twice.</summary>
[Collection(CorrelatorCollection.Name)]
public sealed class RestartTests(KafkaFixture kafka, ClickHouseFixture clickHouse)
{
    // Whole milliseconds, as ClickHouse keeps them: a restored watermark is compared with these times.
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(TimeProvider.System.GetUtcNow().AddHours(-3).ToUnixTimeMilliseconds());

    [Fact]
    public async Task GracefulRestart_BetweenTwoSightingsOfOneWindow_RaisesTheAlertOnce()
    {
        var harness = await NewHarnessAsync();
        var ip = "198.51.101." + Random.Shared.Next(1, 250);
        harness.ProduceJson([PipelineHarness.Event(1, "ee-cert", "EE", ip, T0)]);
        using (var first = harness.Create())
        {
            await PipelineHarness.RunUntilAsync(first, () => first.Totals.EventsStored >= 1);
        }

        // The LV sighting arrives 61 s later in event time, after the restart.
        harness.ProduceJson([PipelineHarness.Event(2, "lv-cert", "LV", ip, T0.AddSeconds(61))]);
        using (var second = harness.Create())
        {
            var raised = 0;
            second.AlertsCommitted += alerts => Interlocked.Add(ref raised, alerts.Count(a => a.GroupKey == ip && a.Kind == AlertKinds.CrossBorder));
            await PipelineHarness.RunUntilAsync(second, () => second.Totals.EventsStored >= 1 && Volatile.Read(ref raised) >= 1);
        }

        (await harness.ScalarAsync($"SELECT count() FROM alerts FINAL WHERE group_key = '{ip}' AND kind = 'cross-border' AND countries = ['EE','LV']")).ShouldBe(1UL);
        ReadAlerts(ip).Count.ShouldBe(1, "one alert published, not zero, not two");
    }

    [Fact]
    public async Task CrashAfterTheAlert_RestartRestoresTheWindow_NoSecondAlert()
    {
        var harness = await NewHarnessAsync(partitions: 1);
        var ip = "198.51.102." + Random.Shared.Next(1, 250);

        // The third event moves the watermark past the first two, so the alert is raised with the batch that holds it.
        // One partition: on several, an empty one holds the watermark until its idle timeout, and the alert could come
        // after the last commit. The consumer may still take the three in one batch or in several, so the crash comes
        // at the first commit after the alert is durable, whichever batch that is.
        harness.ProduceJson(
        [
            PipelineHarness.Event(1, "ee-cert", "EE", ip, T0),
            PipelineHarness.Event(2, "lv-cert", "LV", ip, T0.AddMinutes(1)),
            PipelineHarness.Event(3, "fi-cert", "FI", "192.0.2.77", T0.AddMinutes(20)),
        ]);
        long committedBeforeTheCrash;
        using (var crashing = harness.Create())
        {
            var alerted = 0;
            crashing.AlertsCommitted += alerts =>
            {
                if (alerts.Any(a => a.GroupKey == ip && a.Kind == AlertKinds.CrossBorder))
                {
                    Volatile.Write(ref alerted, 1);
                }
            };
            crashing.BeforeCommit = () => Volatile.Read(ref alerted) == 1
                ? throw new InvalidOperationException("simulated crash after the alert, before the commit")
                : Task.CompletedTask;
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await Should.ThrowAsync<InvalidOperationException>(() => crashing.RunAsync(stop.Token));
            committedBeforeTheCrash = crashing.Totals.Messages;
        }

        committedBeforeTheCrash.ShouldBeLessThan(3, "the batch that raised the alert was not committed");

        ReadAlerts(ip).Count.ShouldBe(1, "the alert was published before the crash");

        // More evidence for the same window after the restart: absorbed by the restored window, not a new alert.
        harness.ProduceJson([PipelineHarness.Event(4, "ee-cert", "EE", ip, T0.AddMinutes(2))]);
        using (var restarted = harness.Create())
        {
            using var stop = new CancellationTokenSource();
            var run = restarted.RunAsync(stop.Token);
            await Eventually.WaitAsync(
                () => run.IsCompleted || (restarted.Totals.Messages >= 4 - committedBeforeTheCrash && restarted.Watermark >= T0.AddMinutes(20)),
                "the replayed events are consumed and the watermark passes them");
            await stop.CancelAsync();
            await run;
        }

        ReadAlerts(ip).Count.ShouldBe(1, "the replay and the restore raise nothing new");
        (await harness.ScalarAsync("SELECT count() FROM events")).ShouldBe(4UL);
    }

    private async Task<PipelineHarness> NewHarnessAsync(int partitions = 3)
    {
        var harness = new PipelineHarness(kafka, clickHouse, partitions);
        await harness.InitializeAsync();
        return harness;
    }

    private List<Alert> ReadAlerts(string groupKey) =>
        AlertTopicReader.ReadAll(kafka.BootstrapServers).Where(a => a.GroupKey == groupKey && a.Kind == AlertKinds.CrossBorder).ToList();
}
