using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace CyberAgg.Agent.Tests.Support;

/// <summary>The built <c>cyberagg-agent</c> executable as a child process, for crash and signal tests.</summary>
internal sealed class AgentProcess : IDisposable
{
    private readonly Process _process;

    private AgentProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// The agent's own build output (built with the tests through the project reference). The copy next to the tests
    /// lacks the agent's dependencies the test host does not need, so the agent's folder is the one to run.
    /// </summary>
    public static string Executable
    {
        get
        {
            var testDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = testDir.Name;
            var configuration = testDir.Parent!.Name;
            var root = testDir;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "CyberAgg.sln")))
            {
                root = root.Parent;
            }

            return root is null
                ? throw new InvalidOperationException("CyberAgg.sln not found above " + AppContext.BaseDirectory)
                : Path.Combine(root.FullName, "src", "CyberAgg.Agent", "bin", configuration, framework, "cyberagg-agent");
        }
    }

    /// <summary>Starts <c>cyberagg-agent</c> with the arguments, its output going to the test log.</summary>
    public static AgentProcess Start(ITestOutputHelper output, string label, params string[] arguments)
    {
        var executable = Executable;
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + executable);
        process.ErrorDataReceived += (_, e) => Write(output, label, e.Data);
        process.OutputDataReceived += (_, e) => Write(output, label, e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return new AgentProcess(process);
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a power cut or the OOM killer.</summary>
    public void KillHard() => _process.Kill(entireProcessTree: false);

    /// <summary>SIGTERM, as systemd and Kubernetes send it.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", Id.ToString(CultureInfo.InvariantCulture)]);
        await kill!.WaitForExitAsync();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static void Write(ITestOutputHelper output, string label, string? line)
    {
        if (line is null)
        {
            return;
        }

        try
        {
            output.WriteLine($"[{label}] {line}");
        }
        catch (InvalidOperationException)
        {
            // The test has finished; the child's last lines have nowhere to go.
        }
    }
}
