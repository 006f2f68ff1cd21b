using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace CyberAgg.Agent.Tests.Support;

/// <summary>Routes the agent's logs into the xunit test output, so a failing fault test shows what the agent saw.</summary>
internal sealed class TestOutputLoggerProvider(ITestOutputHelper output) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(output);

    public void Dispose()
    {
    }

    private sealed class Logger(ITestOutputHelper output) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            try
            {
                output.WriteLine($"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : " — " + exception.Message)}");
            }
            catch (InvalidOperationException)
            {
                // The test already finished; late log lines from background threads have nowhere to go.
            }
        }
    }
}
