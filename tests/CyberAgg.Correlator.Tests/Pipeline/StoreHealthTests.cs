using System.Diagnostics.Metrics;
using CyberAgg.Correlator.Pipeline;
using CyberAgg.Correlator.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CyberAgg.Correlator.Tests.Pipeline;

public sealed class StoreHealthTests
{
    [Fact]
    public void Failed_RepeatedFailures_StallWithTheReasonAndBackOffDoublingUpToTenSeconds()
    {
        using var health = new StoreHealth(NullLogger.Instance, new FakeTimeProvider());

        var backoffs = Enumerable.Range(0, 9).Select(_ => health.Failed(new HttpRequestException("connection refused (127.0.0.1:18123)"))).ToList();

        backoffs.Select(b => b.TotalMilliseconds).ShouldBe([200, 400, 800, 1600, 3200, 6400, 10_000, 10_000, 10_000]);
        health.Stalled.ShouldNotBeNull();
        health.Stalled.ShouldContain("connection refused");
        health.Stalled.ShouldContain("http");
        health.Retries.ShouldBe(9);
        StoreHealth.StalledPipelines.ShouldBeGreaterThan(0, "the stalled gauge counts it");
    }

    [Fact]
    public void Progressed_AfterAStall_ClearsItAndStartsTheBackoffAgain()
    {
        using var health = new StoreHealth(NullLogger.Instance, new FakeTimeProvider());
        health.Failed(new IOException("broken pipe"));
        health.Failed(new IOException("broken pipe"));

        health.Progressed();

        health.Stalled.ShouldBeNull();
        health.Failed(new IOException("broken pipe")).ShouldBe(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Retrying_TransientFailure_IsCountedWithItsErrorType()
    {
        using var health = new StoreHealth(NullLogger.Instance, new FakeTimeProvider());
        var timeouts = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument, CorrelatorInstrumentation.StoreRetries))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == CorrelatorInstrumentation.Tags.Reason && tag.Value as string == "timeout")
                {
                    Interlocked.Add(ref timeouts, value);
                }
            }
        });
        listener.Start();

        health.Retrying(new TaskCanceledException("the insert timed out"), 0);
        health.Retrying(new TaskCanceledException("the insert timed out"), 1);

        health.Retries.ShouldBe(2);
        health.Stalled.ShouldBeNull("a retry the writer handles itself is not a stall");
        Interlocked.Read(ref timeouts).ShouldBeGreaterThanOrEqualTo(2);
    }
}
