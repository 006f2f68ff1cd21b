using System.Globalization;

namespace CyberAgg.Cli.Commands.Soak;

/// <summary>How long and how hard <c>cyberagg soak</c> runs, and how often it breaks things.</summary>
internal sealed class SoakOptions
{
    /// <summary>How long traffic flows (faults are injected only meanwhile).</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Background events per second, in signed agent batches.</summary>
    public int Rate { get; set; } = 2_000;

    /// <summary>Mean time between SIGKILLs of the correlator; zero disables them.</summary>
    public TimeSpan KillEvery { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Mean time between broker outages; zero disables them.</summary>
    public TimeSpan OutageEvery { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one broker stays down.</summary>
    public TimeSpan OutageLength { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Longest wait, after traffic stops, for everything acknowledged to be stored and decided.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Seed of the fault schedule and the traffic mix, so a failing run can be repeated.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Folder for the embedded ClickHouse data and the correlator's configuration.</summary>
    public string DataDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "cyberagg-soak-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>The <c>cyberagg</c> executable (or <c>cyberagg.dll</c>) run as the correlator; default: this one.</summary>
    public string? Executable { get; set; }

    /// <summary>A one-line error naming the bad option, or null.</summary>
    public string? Problem()
    {
        if (Duration <= TimeSpan.Zero)
        {
            return "--duration must be positive, e.g. --duration 2m.";
        }

        if (Rate is < 1 or > 200_000)
        {
            return string.Create(CultureInfo.InvariantCulture, $"--rate {Rate} is out of range; use 1 to 200000 events/s.");
        }

        if (KillEvery < TimeSpan.Zero || OutageEvery < TimeSpan.Zero)
        {
            return "--kill-every and --outage-every must be zero (off) or positive.";
        }

        return OutageLength <= TimeSpan.Zero ? "--outage-length must be positive, e.g. 3s." : null;
    }
}
