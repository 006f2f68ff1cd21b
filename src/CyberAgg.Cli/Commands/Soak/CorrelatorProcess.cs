using System.Collections.Concurrent;
using System.Diagnostics;

namespace CyberAgg.Cli.Commands.Soak;

/// <summary>
/// <c>cyberagg serve</c> as a child process, so the soak can kill it as an operating system would (SIGKILL, no
/// clean-up) and start it again on the same configuration.
/// </summary>
internal sealed class CorrelatorProcess(string executable, string config, string workingDirectory, IReadOnlyDictionary<string, string> environment) : IDisposable
{
    private readonly ConcurrentQueue<string> lastLines = new();
    private readonly Lock logGate = new();
    private StreamWriter? log;
    private Process? process;

    /// <summary>How many times the correlator was started.</summary>
    public int Starts { get; private set; }

    /// <summary>The last lines the correlator wrote to stderr, for a failure report.</summary>
    public IReadOnlyList<string> LastLines => lastLines.ToArray();

    /// <summary>Where every run's output goes (<c>correlator.log</c> beside the configuration).</summary>
    public string LogPath => Path.Combine(workingDirectory, "correlator.log");

    /// <summary>The exit code of the last run, once it exited.</summary>
    public int? ExitCode => process is { HasExited: true } p ? p.ExitCode : null;

    /// <summary>True while the child runs.</summary>
    public bool Running => process is { HasExited: false };

    public void Start()
    {
        var start = ChildProcess.StartInfo(executable, ["serve", "--config", config]);
        start.WorkingDirectory = workingDirectory;

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        lock (logGate)
        {
            log ??= new StreamWriter(LogPath, append: true) { AutoFlush = true };
            log.WriteLine($"----- start {Starts + 1} -----");
        }

        process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Starts++;
    }

    /// <summary>SIGKILL: nothing is flushed, stored or committed.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
    }

    /// <summary>SIGTERM and wait: the batch in hand is stored and committed.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (process is { } p)
        {
            await ChildProcess.TerminateAsync(p, timeout);
        }
    }

    public void Dispose()
    {
        if (process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
        }

        process?.Dispose();
        lock (logGate)
        {
            log?.Dispose();
            log = null;
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (logGate)
        {
            log?.WriteLine(line);
        }

        lastLines.Enqueue(line);
        while (lastLines.Count > 40)
        {
            lastLines.TryDequeue(out _);
        }
    }
}
