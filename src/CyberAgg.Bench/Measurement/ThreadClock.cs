using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CyberAgg.Bench.Measurement;

/// <summary>
/// CPU time of the calling thread (<c>CLOCK_THREAD_CPUTIME_ID</c>), so a stage measured on a machine shared with
/// other work counts the cycles it ran, not the time it waited for a core. Falls back to wall time where the clock
/// is not available.
/// </summary>
internal static class ThreadClock
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>Seconds of CPU the current thread has used so far.</summary>
    public static double Now()
    {
        if (OperatingSystem.IsLinux() && clock_gettime(ClockThreadCpuTimeId, out var spec) == 0)
        {
            return spec.Seconds + (spec.Nanoseconds / 1e9);
        }

        return Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int clock_gettime(int clock, out TimeSpec spec);
}
