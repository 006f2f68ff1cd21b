using System.Diagnostics;
using System.Globalization;

namespace CyberAgg.Cli.Commands;

/// <summary>
/// This executable run again as a child process (the soak's correlator, the sovereign demo's per-node ClickHouse):
/// how to start it, and how to stop it the way an operator does.
/// </summary>
internal static class ChildProcess
{
    /// <summary>The executable that runs this command, as <c>cyberagg.dll</c> (run by dotnet) or the apphost.</summary>
    public static string ThisExecutable()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "cyberagg.dll");
        var host = Environment.ProcessPath ?? "dotnet";
        return Path.GetFileNameWithoutExtension(host) == "dotnet" ? dll : host;
    }

    /// <summary>Runs <paramref name="executable"/> (a .dll through dotnet, or an apphost) with its output redirected.</summary>
    public static ProcessStartInfo StartInfo(string executable, IEnumerable<string> arguments)
    {
        var dll = executable.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var start = new ProcessStartInfo(dll ? "dotnet" : executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (dll ? new[] { executable } : []).Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>SIGTERM, so the child stops cleanly; SIGKILL of its tree if it has not exited within <paramref name="timeout"/>.</summary>
    public static async Task TerminateAsync(Process process, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (process.HasExited)
        {
            return;
        }

        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
