using System.Collections.Concurrent;
using CyberAgg.Cli.Commands.Operations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CyberAgg.Cli.Tests.Commands.Operations;

public sealed class RepeatedLogFilterTests : IDisposable
{
    private readonly FakeTimeProvider time = new();
    private readonly Sink sink = new();

    [Fact]
    public void Log_SameErrorRepeatedForAMinute_PrintsFirstThenOneReminderPerWindowWithHint()
    {
        using var factory = new RepeatedLogFilter(LoggerFactory.Create(b => b.AddProvider(sink)), TimeSpan.FromSeconds(30), time, (_, _) => "check kafka.bootstrap (k:9092) and that Kafka is up");
        var logger = factory.CreateLogger("CyberAgg.Correlator");

        for (var i = 0; i <= 600; i++)
        {
            logger.LogError(new EventId(6, "ConsumerError"), "Consumer error: {Reason}", "1/1 brokers are down");
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        sink.Lines.Count.ShouldBe(3, string.Join('\n', sink.Lines));
        sink.Lines.First().ShouldBe("Consumer error: 1/1 brokers are down");
        sink.Lines.Skip(1).ShouldAllBe(l => l.Contains("more like this in the last 30s") && l.EndsWith("; check kafka.bootstrap (k:9092) and that Kafka is up", StringComparison.Ordinal));
    }

    [Fact]
    public void Log_InformationAndDistinctEvents_PassUnchanged()
    {
        using var factory = new RepeatedLogFilter(LoggerFactory.Create(b => b.AddProvider(sink)), TimeSpan.FromSeconds(30), time, (_, _) => null);
        var logger = factory.CreateLogger("CyberAgg.Correlator");

        logger.LogInformation(new EventId(1, "Started"), "started");
        logger.LogInformation(new EventId(1, "Started"), "started");
        logger.LogWarning(new EventId(3, "DeadLettered"), "refused");
        logger.LogWarning(new EventId(7, "CommitSkipped"), "skipped");

        sink.Lines.ShouldBe(["started", "started", "refused", "skipped"]);
    }

    [Fact]
    public void Dispose_WithSuppressedRepeats_PrintsTheirCount()
    {
        var factory = new RepeatedLogFilter(LoggerFactory.Create(b => b.AddProvider(sink)), TimeSpan.FromSeconds(30), time, (_, _) => null);
        var logger = factory.CreateLogger("CyberAgg.Correlator");
        for (var i = 0; i < 5; i++)
        {
            logger.LogError(new EventId(6, "ConsumerError"), "down");
        }

        factory.Dispose();

        sink.Lines.ShouldBe(["down", "4 more like this in the last 30s (latest: down)"]);
    }

    public void Dispose() => sink.Dispose();

    private sealed class Sink : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(formatter(state, exception));

        public void Dispose()
        {
        }
    }
}
