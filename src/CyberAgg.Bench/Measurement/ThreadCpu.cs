using System.Globalization;

namespace CyberAgg.Bench.Measurement;

/// <summary>
/// CPU time of this process's threads from <c>/proc/self/task/*/stat</c>, grouped by thread name with digits removed
/// (librdkafka's <c>rdk:broker1</c> and <c>rdk:broker2</c> are one group), so one process can still say which part
/// used the cores. Threads that exit between two snapshots are not in either; the report shows that remainder.
/// </summary>
internal static class ThreadCpu
{
    private static readonly double TicksPerSecond = 100.0; // USER_HZ is 100 on every Linux that .NET supports.

    /// <summary>Per-thread CPU seconds by thread id and group name; empty where /proc is not available.</summary>
    public static Dictionary<int, (string Group, double Seconds)> Snapshot()
    {
        var result = new Dictionary<int, (string, double)>();
        const string root = "/proc/self/task";
        if (!Directory.Exists(root))
        {
            return result;
        }

        foreach (var dir in Directory.EnumerateDirectories(root))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var close = stat.LastIndexOf(')');
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var name = stat[(open + 1)..close];
                var fields = stat[(close + 2)..].Split(' ');
                // After the name: state is field 3, utime field 14, stime field 15 (1-based in proc(5)).
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                result[int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture)] = (Group(name), ticks / TicksPerSecond);
            }
            catch (IOException)
            {
                // The thread exited while being read; its time is in the process total and the report's remainder.
            }
        }

        return result;
    }

    /// <summary>CPU seconds per group between two snapshots, largest first.</summary>
    public static List<ThreadGroupCpu> Delta(Dictionary<int, (string Group, double Seconds)> before, Dictionary<int, (string Group, double Seconds)> after) =>
        after.Select(p => (p.Value.Group, Seconds: p.Value.Seconds - (before.TryGetValue(p.Key, out var b) ? b.Seconds : 0)))
            .GroupBy(x => x.Group, StringComparer.Ordinal)
            .Select(g => new ThreadGroupCpu(g.Key, g.Count(), Math.Round(g.Sum(x => x.Seconds), 2)))
            .Where(g => g.CpuSeconds > 0)
            .OrderByDescending(g => g.CpuSeconds)
            .ToList();

    private static string Group(string name)
    {
        var trimmed = new string(name.Where(c => !char.IsAsciiDigit(c)).ToArray()).Trim();
        return trimmed.Length == 0 ? name : trimmed;
    }
}
