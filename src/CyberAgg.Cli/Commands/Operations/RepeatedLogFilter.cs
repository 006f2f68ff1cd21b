using Microsoft.Extensions.Logging;

namespace CyberAgg.Cli.Commands.Operations;

/// <summary>
/// Wraps a logger factory so that a warning or error repeating under one event id is printed once, then summarised
/// in one reminder line per window with a hint of what to check, instead of flooding the log while a service is down.
/// </summary>
internal sealed class RepeatedLogFilter : ILoggerFactory
{
    private readonly ILoggerFactory inner;
    private readonly TimeProvider time;
    private readonly Func<string, string, string?> hint;
    private readonly Dictionary<(string Category, int Id, string? Name), Repeat> repeats = [];
    private readonly Lock gate = new();

    /// <param name="inner">The factory whose loggers print.</param>
    /// <param name="window">How long repeats are only counted before a reminder.</param>
    /// <param name="time">The clock that measures the window.</param>
    /// <param name="hint">(category, message) to the fix a reminder suggests, or null.</param>
    public RepeatedLogFilter(ILoggerFactory inner, TimeSpan window, TimeProvider time, Func<string, string, string?> hint)
    {
        this.inner = inner;
        Window = window;
        this.time = time;
        this.hint = hint;
    }

    public TimeSpan Window { get; }

    public ILogger CreateLogger(string categoryName) => new Filtered(this, categoryName, inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var ((category, id, name), repeat) in repeats)
            {
                if (repeat.Suppressed > 0)
                {
                    Remind(inner.CreateLogger(category), new EventId(id, name), repeat, category);
                }
            }

            repeats.Clear();
        }

        inner.Dispose();
    }

    /// <summary>Whether a record passes; a record that completes a window is replaced by a reminder.</summary>
    private bool Admit(ILogger target, string category, LogLevel level, EventId id, string message)
    {
        if (level < LogLevel.Warning || id.Id == 0 && id.Name is null)
        {
            return true;
        }

        lock (gate)
        {
            var now = time.GetUtcNow();
            if (!repeats.TryGetValue((category, id.Id, id.Name), out var repeat))
            {
                repeats[(category, id.Id, id.Name)] = new Repeat { WindowStart = now, Level = level, Last = message };
                return true;
            }

            repeat.Suppressed++;
            repeat.Last = message;
            repeat.Level = level;
            if (now - repeat.WindowStart >= Window)
            {
                Remind(target, id, repeat, category);
                repeat.WindowStart = now;
                repeat.Suppressed = 0;
            }

            return false;
        }
    }

    private void Remind(ILogger target, EventId id, Repeat repeat, string category)
    {
        var fix = hint(category, repeat.Last);
        target.Log(repeat.Level, id, "{Count} more like this in the last {Window} (latest: {Latest}){Hint}", repeat.Suppressed, CyberAgg.Configuration.Duration.Format(Window), repeat.Last, fix is null ? "" : "; " + fix);
    }

    private sealed class Repeat
    {
        public DateTimeOffset WindowStart { get; set; }

        public int Suppressed { get; set; }

        public LogLevel Level { get; set; }

        public string Last { get; set; } = "";
    }

    private sealed class Filtered(RepeatedLogFilter owner, string category, ILogger target) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => target.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => target.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!target.IsEnabled(logLevel))
            {
                return;
            }

            if (owner.Admit(target, category, logLevel, eventId, formatter(state, exception)))
            {
                target.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
