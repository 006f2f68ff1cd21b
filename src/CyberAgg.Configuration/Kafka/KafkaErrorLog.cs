using System.Collections.Concurrent;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Configuration.Kafka;

/// <summary>
/// Logs one client's errors and librdkafka lines. While a broker is down librdkafka reports the same failure for every
/// connection attempt; each (error code) is logged at most once per <see cref="Interval"/>, with how many were held back.
/// </summary>
internal sealed class KafkaErrorLog(string role, ILogger logger, TimeProvider? time = null)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<ErrorCode, (DateTimeOffset At, int Held)> last = new();

    public void Error(Error error)
    {
        if (error.IsFatal)
        {
            KafkaLog.FatalError(logger, role, error.Code.ToString(), error.Reason);
            return;
        }

        var now = clock.GetUtcNow();
        var held = 0;
        var due = true;
        last.AddOrUpdate(error.Code, _ => (now, 0), (_, seen) =>
        {
            if (now - seen.At < Interval)
            {
                due = false;
                return (seen.At, seen.Held + 1);
            }

            held = seen.Held;
            return (now, 0);
        });
        if (due)
        {
            KafkaLog.ClientError(logger, role, error.Code.ToString(), error.Reason, held);
        }
    }

    public void Line(LogMessage message) => KafkaLog.Librdkafka(logger, role, message.Facility, message.Message);
}
