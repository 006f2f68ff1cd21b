using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading.Channels;

namespace CyberAgg.Testing;

/// <summary>The <c>cyberagg</c> CLI as a long-running child process: started, read line by line, stopped with a signal.</summary>
/// <remarks>
/// Its stdout and stderr are read as they come, so a chatty process never blocks on a full pipe, and every failure
/// says which phase failed, how the process stands (exit code or still running) and the tail of its stderr.
/// Disposing it kills the process tree if it is still running.
/// </remarks>
public sealed class CliProcess : IAsyncDisposable
{
    private const int StderrTailLines = 60;
    private static readonly TimeSpan KillBudget = TimeSpan.FromSeconds(30);

    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder errors = new();

    // The stdout lines ReadUntilAsync has not consumed yet; completed when stdout closes.
    private readonly Channel<string> unread = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private CliProcess(Process process, string name)
    {
        this.process = process;
        Name = name;
    }

    /// <summary>"cyberagg serve", "cyberagg demo": what failure messages call the process.</summary>
    public string Name { get; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Everything the process wrote to stdout so far, consumed by <see cref="ReadUntilAsync"/> or not.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Everything the process wrote to stderr so far.</summary>
    public string Errors
    {
        get
        {
            lock (errors)
            {
                return errors.ToString();
            }
        }
    }

    /// <summary>Starts <c>dotnet cyberagg.dll <paramref name="arguments"/></c>, with <paramref name="environment"/> added to the test's own.</summary>
    /// <remarks><c>cyberagg.dll</c> is the one next to the tests: the test project references <c>src/CyberAgg.Cli</c>.</remarks>
    public static CliProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "cyberagg.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"No {dll}: the test project must reference src/CyberAgg.Cli/CyberAgg.Cli.csproj for the CLI to be copied next to the tests.", dll);
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? ReadOnlyDictionary<string, string>.Empty)
        {
            start.Environment[key] = value;
        }

        var name = "cyberagg" + (start.ArgumentList.Count > 1 ? " " + start.ArgumentList[1] : "");
        var cli = new CliProcess(Process.Start(start) ?? throw new InvalidOperationException($"{name} could not be started."), name);
        cli.process.OutputDataReceived += (_, e) => cli.OnOutput(e.Data);
        cli.process.ErrorDataReceived += (_, e) => cli.OnError(e.Data);
        cli.process.BeginOutputReadLine();
        cli.process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>
    /// Reads stdout until a line starts with <paramref name="prefix"/> and returns the lines read by this call, that
    /// one last. Fails with those lines, the exit code and stderr if the process exits first or the budget runs out.
    /// </summary>
    /// <remarks>One caller at a time; the next call goes on after the line this one stopped at.</remarks>
    public async Task<IReadOnlyList<string>> ReadUntilAsync(string prefix, TimeSpan budget)
    {
        var phase = $"print a line starting with '{prefix}'";
        var seen = new List<string>();
        using var deadline = new CancellationTokenSource(budget);
        try
        {
            await foreach (var line in unread.Reader.ReadAllAsync(deadline.Token))
            {
                seen.Add(line);
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return seen;
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"{Name} did not {phase} within {Seconds(budget)}; {Describe()}{Lines(seen)}");
        }

        // Stdout is closed: the process is exiting, and its exit code is what the message needs, within what is left of the budget.
        if (!await WaitForExitAsync(deadline.Token))
        {
            throw new TimeoutException($"{Name} closed its stdout without a line starting with '{prefix}' but did not exit within {Seconds(budget)}; {Describe()}{Lines(seen)}");
        }

        throw new InvalidOperationException($"{Name} exited before it could {phase}; {Describe()}{Lines(seen)}");
    }

    /// <summary>Sends <c>kill -<paramref name="signal"/></c> and returns the exit code; fails if the process does not exit within the budget.</summary>
    public async Task<int> StopAsync(string signal, TimeSpan budget)
    {
        var phase = $"exit within {Seconds(budget)} of SIG{signal}";
        if (process.HasExited)
        {
            throw new InvalidOperationException($"{Name} had exited before it was sent SIG{signal}; {Describe()}");
        }

        var kill = await ExternalTool.RunAsync("kill", ["-" + signal, Id.ToString(CultureInfo.InvariantCulture)]);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {Id} failed with {kill.ExitCode} ({kill.Error.Trim()}); {Describe()}");
        }

        if (!await WaitForExitAsync(budget))
        {
            var hint = signal == "INT"
                ? $" (one cause: a test run started in the background of a non-interactive shell passes SIGINT on ignored; see SigIgn in /proc/{Id}/status)"
                : "";
            throw new TimeoutException($"{Name} did not {phase}{hint}; {Describe()}");
        }

        return process.ExitCode;
    }

    /// <summary>Waits for the process to exit and its output to be read; false if it is still running when the budget runs out.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan budget)
    {
        using var deadline = new CancellationTokenSource(budget);
        return await WaitForExitAsync(deadline.Token);
    }

    /// <summary>How the process stands, for a failure message: its exit code or that it still runs, and the tail of its stderr.</summary>
    public string Describe()
    {
        var state = process.HasExited ? $"exit code {process.ExitCode}" : $"still running as pid {Id}";
        var stderr = Errors.TrimEnd();
        if (stderr.Length == 0)
        {
            return $"{Name}: {state}; nothing on stderr";
        }

        var lines = stderr.Split('\n');
        return lines.Length <= StderrTailLines
            ? $"{Name}: {state}; stderr:\n{stderr}"
            : $"{Name}: {state}; stderr (last {StderrTailLines} of {lines.Length} lines):\n{string.Join('\n', lines[^StderrTailLines..])}";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                if (!await WaitForExitAsync(KillBudget))
                {
                    throw new TimeoutException($"{Name} did not exit within {Seconds(KillBudget)} of SIGKILL to its process tree; {Describe()}");
                }
            }
        }
        finally
        {
            process.Dispose();
        }
    }

    private async Task<bool> WaitForExitAsync(CancellationToken deadline)
    {
        try
        {
            await process.WaitForExitAsync(deadline);
            return true;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return false;
        }
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            unread.Writer.TryComplete();
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }

        unread.Writer.TryWrite(line);
    }

    private void OnError(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (errors)
        {
            errors.AppendLine(line);
        }
    }

    private static string Lines(List<string> seen) =>
        seen.Count == 0 ? "\nno stdout line read" : $"\nstdout lines read ({seen.Count}):\n{string.Join('\n', seen)}";

    private static string Seconds(TimeSpan budget) => budget.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
}
