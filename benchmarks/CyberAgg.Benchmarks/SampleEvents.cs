using System.Globalization;
using CyberAgg.Events;

namespace CyberAgg.Benchmarks;

/// <summary>Deterministic events shaped like the bench workload: flagged network events naming public source IPs.</summary>
public static class SampleEvents
{
    public static readonly string[] Countries = ["EE", "LV", "LT", "PL", "FI", "DE"];

    public static SecurityEvent Network(int i, int indicators, DateTimeOffset at, string kind = "alert") => new()
    {
        Timestamp = at,
        Partner = Countries[i % Countries.Length].ToLowerInvariant() + "-cert",
        Country = Countries[i % Countries.Length],
        ObserverName = "sensor-1",
        EventId = i.ToString("x32", CultureInfo.InvariantCulture),
        Kind = kind,
        Category = "network",
        Action = "blocked",
        Severity = 5,
        SourceIp = string.Create(CultureInfo.InvariantCulture, $"45.{(i % indicators >> 16) & 255}.{(i % indicators >> 8) & 255}.{i % indicators & 255}"),
        SourcePort = 40_000 + (i % 20_000),
        DestinationIp = "10.20.30.40",
        DestinationPort = 443,
        NetworkTransport = "tcp",
        Message = "Inbound connection blocked by perimeter IPS signature",
    };

    /// <summary>A Windows process-creation event as the agent stores it: ECS core plus Sysmon-style attributes.</summary>
    public static SecurityEvent ProcessCreation(int i, DateTimeOffset at)
    {
        var e = Network(i, 1000, at, "event");
        e.Category = "process";
        e.Attributes["EventID"] = "1";
        e.Attributes["Channel"] = "Microsoft-Windows-Sysmon/Operational";
        e.Attributes["Image"] = i % 2 == 0 ? @"C:\Windows\System32\cmd.exe" : @"C:\Program Files\App\app.exe";
        e.Attributes["CommandLine"] = i % 2 == 0 ? "cmd.exe /c whoami /all" : "app.exe --update --silent";
        e.Attributes["ParentImage"] = @"C:\Windows\explorer.exe";
        e.Attributes["User"] = "CORP\\alice";
        return e;
    }

    /// <summary>The shipped rules next to the binaries, else the repository's rules/ (BenchmarkDotNet builds elsewhere).</summary>
    public static string ShippedRules =>
        Directory.Exists(Path.Combine(AppContext.BaseDirectory, "rules")) ? Path.Combine(AppContext.BaseDirectory, "rules") : Path.Combine(RepositoryRoot(), "rules");

    /// <summary>../shared/sigma/rules next to the folder holding CyberAgg.sln, found by walking up from the binaries.</summary>
    public static string? SigmaRules()
    {
        var rules = Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "sigma", "rules"));
        return Directory.Exists(rules) ? rules : null;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CyberAgg.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("CyberAgg.sln was not found above " + AppContext.BaseDirectory);
    }
}
