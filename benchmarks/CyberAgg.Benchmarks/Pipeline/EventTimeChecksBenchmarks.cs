using System.Globalization;
using BenchmarkDotNet.Attributes;
using CyberAgg.Correlator.EventTime;
using CyberAgg.Events;
using Microsoft.Extensions.Logging.Abstractions;

namespace CyberAgg.Benchmarks.Pipeline;

/// <summary>
/// The consuming thread's event-time checks per event, with the real clock: the storage range check (decode), the
/// clock-skew check and the partition's watermark clock (evaluate), for messages of 500 events on six partitions.
/// Baseline: the clock read in each of the three per event, as before 2026-12-03; after: read once per message
/// (range and skew checks) and the watermark clock given each range's highest event time once. Per event.
/// </summary>
[MemoryDiagnoser]
public class EventTimeChecksBenchmarks
{
    private const int Partitions = 6;
    private const int PerMessage = 500;
    private const int Events = 60_000;
    private readonly List<SecurityEvent> events = new(Events);
    private EventTimeAccounting eventTime = null!;
    private PartitionWatermarks watermarks = null!;

    [GlobalSetup]
    public void Setup()
    {
        var now = TimeProvider.System.GetUtcNow();
        for (var i = 0; i < Events; i++)
        {
            var e = SampleEvents.Network(i % 10_000, 10_000, now.AddMilliseconds(i / PerMessage - Events / PerMessage));
            e.EventId = i.ToString("x32", CultureInfo.InvariantCulture);
            events.Add(e);
        }

        eventTime = new EventTimeAccounting(TimeSpan.FromMinutes(5), TimeSpan.FromDays(90), TimeProvider.System, NullLogger.Instance);
        watermarks = new PartitionWatermarks(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeProvider.System);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public int ClockPerEventBefore()
    {
        var refused = 0;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var partition = i / PerMessage % Partitions;
            if (eventTime.OutOfRange(e, eventTime.Now()) is not null)
            {
                refused++;
            }

            if (eventTime.IsFuture(e, eventTime.Now()))
            {
                watermarks.Touch(partition);
            }
            else
            {
                watermarks.Observe(partition, e.Timestamp);
            }
        }

        return refused;
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public int ClockPerMessage()
    {
        var refused = 0;
        for (var m = 0; m < events.Count; m += PerMessage)
        {
            var partition = m / PerMessage % Partitions;
            var now = eventTime.Now();
            var highest = DateTimeOffset.MinValue;
            for (var i = m; i < m + PerMessage; i++)
            {
                var e = events[i];
                if (eventTime.OutOfRange(e, now) is not null)
                {
                    refused++;
                }

                if (!eventTime.IsFuture(e, now) && e.Timestamp > highest)
                {
                    highest = e.Timestamp;
                }
            }

            watermarks.Observe(partition, highest);
        }

        return refused;
    }
}
