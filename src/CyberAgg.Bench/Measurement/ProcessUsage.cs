using System.Diagnostics;
using System.Globalization;

namespace CyberAgg.Bench.Measurement;

/// <summary>CPU time and peak resident memory of this process, sampled at phase boundaries.</summary>
internal static class ProcessUsage
{
    public static TimeSpan CpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>Peak resident set (VmHWM) in MiB; falls back to the runtime's peak working set off Linux.</summary>
    public static double PeakRssMib()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
        {
            foreach (var line in File.ReadLines(status))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kb = long.Parse(line["VmHWM:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
                    return Math.Round(kb / 1024.0, 1);
                }
            }
        }

        using var self = Process.GetCurrentProcess();
        return Math.Round(self.PeakWorkingSet64 / (1024.0 * 1024.0), 1);
    }
}
