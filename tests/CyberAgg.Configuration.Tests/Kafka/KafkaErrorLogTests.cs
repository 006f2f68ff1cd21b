using Confluent.Kafka;
using CyberAgg.Configuration.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CyberAgg.Configuration.Tests.Kafka;

public sealed class KafkaErrorLogTests
{
    [Fact]
    public void Error_SameCodeRepeatedWhileBrokerIsDown_LoggedOncePerIntervalWithHowManyWereHeldBack()
    {
        var time = new FakeTimeProvider();
        var logger = new Capture();
        var log = new KafkaErrorLog("correlator events consumer", logger, time);

        for (var i = 0; i < 50; i++)
        {
            log.Error(new Error(ErrorCode.Local_Transport, "127.0.0.1:19092/1: Connect failed: Connection refused"));
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        // 5 s of the same failure: one line. Another code is its own line.
        logger.Lines.Count.ShouldBe(1);
        logger.Lines[0].ShouldContain("correlator events consumer");
        logger.Lines[0].ShouldContain("Connection refused");
        log.Error(new Error(ErrorCode.Local_AllBrokersDown, "3/3 brokers are down"));
        logger.Lines.Count.ShouldBe(2);

        time.Advance(KafkaErrorLog.Interval);
        log.Error(new Error(ErrorCode.Local_Transport, "Connect failed"));
        logger.Lines.Count.ShouldBe(3);
        logger.Lines[2].ShouldContain("49 more like it");
    }

    [Fact]
    public void Error_Fatal_AlwaysLoggedAsCritical()
    {
        var logger = new Capture();
        var log = new KafkaErrorLog("agent", logger, new FakeTimeProvider());

        log.Error(new Error(ErrorCode.Local_Fatal, "idempotence: fatal", isFatal: true));
        log.Error(new Error(ErrorCode.Local_Fatal, "idempotence: fatal", isFatal: true));

        logger.Levels.ShouldBe([LogLevel.Critical, LogLevel.Critical]);
    }

    private sealed class Capture : ILogger
    {
        public List<string> Lines { get; } = [];

        public List<LogLevel> Levels { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Lines.Add(formatter(state, exception));
            Levels.Add(logLevel);
        }
    }
}
