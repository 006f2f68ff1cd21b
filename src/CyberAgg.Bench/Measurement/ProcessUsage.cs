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
        if (Status("VmHWM:") is { } kb)
        {
            return Math.Round(kb / 1024.0, 1);
        }

        using var self = Process.GetCurrentProcess();
        return Math.Round(self.PeakWorkingSet64 / (1024.0 * 1024.0), 1);
    }

    /// <summary>Resident set now (VmRSS) in MiB; falls back to the runtime's working set off Linux.</summary>
    public static double ResidentMib()
    {
        if (Status("VmRSS:") is { } kb)
        {
            return Math.Round(kb / 1024.0, 1);
        }

        using var self = Process.GetCurrentProcess();
        return Math.Round(self.WorkingSet64 / (1024.0 * 1024.0), 1);
    }

    private static long? Status(string field)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return null;
        }

        foreach (var line in File.ReadLines(status))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
