using System.Diagnostics;

namespace CyberAgg.Testing;

/// <summary>Runs a third-party client (kcat, python3-kafka, curl) and captures what it printed.</summary>
public static class ExternalTool
{
    /// <summary>Fails the test with the install command when a tool that <c>./test.sh</c> installs is missing.</summary>
    public static string Require(string executable, string debianPackage)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
        {
            var candidate = Path.Combine(dir, executable);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        if (File.Exists(executable))
        {
            return executable;
        }

        throw new InvalidOperationException(
            $"This test needs '{executable}' (Debian package {debianPackage}), which is not installed. ./test.sh installs it: apt-get install -y {debianPackage}");
    }

    /// <summary>
    /// Fails the test with the install command when Debian's Python (<c>/usr/bin/python3</c>) cannot import
    /// <paramref name="module"/>: a present interpreter without the package would otherwise fail later as a bare exit code.
    /// </summary>
    public static async Task<string> RequirePythonModuleAsync(string module, string debianPackage)
    {
        var python = Require("/usr/bin/python3", debianPackage);
        var (exitCode, _, error) = await RunAsync(python, ["-c", "import " + module]);
        if (exitCode != 0)
        {
            throw new InvalidOperationException(
                $"This test needs the Python module '{module}' (Debian package {debianPackage}) for {python}, which cannot import it ({error.Trim().Split('\n')[^1]}). ./test.sh installs it: apt-get install -y {debianPackage}");
        }

        return python;
    }

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string executable, IEnumerable<string> arguments, string? input = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            // Where it hangs is what the next engineer needs: the threads' native stacks, when gdb is on the host.
            var stacks = await NativeStacksAsync(process.Id);
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"{executable} {string.Join(' ', start.ArgumentList)} did not finish in time.\nstdout: {await stdout}\nstderr: {await stderr}\n{stacks}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static async Task<string> NativeStacksAsync(int pid)
    {
        if (!File.Exists("/usr/bin/gdb"))
        {
            return "(no /usr/bin/gdb on this host: no thread stacks)";
        }

        var start = new ProcessStartInfo("/usr/bin/gdb") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-p", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "-batch", "-ex", "set pagination off", "-ex", "thread apply all bt 25" })
        {
            start.ArgumentList.Add(argument);
        }

        using var gdb = Process.Start(start)!;
        var output = gdb.StandardOutput.ReadToEndAsync();
        _ = gdb.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await gdb.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            gdb.Kill();
            return "(gdb did not attach within 30 s)";
        }

        return "thread stacks (gdb):\n" + await output;
    }
}
