using System.Globalization;
using CyberAgg.Events;
using CyberAgg.Simulation.Scenarios;

namespace CyberAgg.Simulation.Playback;

/// <summary>Makes the events of a scenario: background noise per partner and the sightings of attack steps.</summary>
internal sealed class EventFactory(Scenario scenario, DateTimeOffset start, string runId)
{
    private static readonly string[] Categories = ["network", "authentication", "process", "file", "web", "dns"];
    private static readonly string[] Actions = ["connection", "logon", "process_start", "file_create", "request", "query"];
    private readonly Random random = new(scenario.Seed);
    private long sequence;

    public long Created => sequence;

    /// <summary>A routine event: mostly unflagged; a few flagged with an indicator only this partner sees.</summary>
    public SecurityEvent Noise(int partnerIndex, TimeSpan offset)
    {
        var partner = scenario.Partners[partnerIndex];
        var e = Base(partner, offset);
        var kind = random.Next(6);
        e.Category = Categories[kind];
        e.Action = Actions[kind];
        e.Kind = "event";
        e.Severity = random.Next(0, 4);
        // A partner-specific public /16 keeps noise from ever looking cross-border.
        e.SourceIp = string.Create(CultureInfo.InvariantCulture, $"45.{10 + partnerIndex}.{random.Next(256)}.{random.Next(1, 255)}");
        e.DestinationIp = string.Create(CultureInfo.InvariantCulture, $"10.{partnerIndex}.{random.Next(256)}.{random.Next(1, 255)}");
        e.DestinationPort = random.Next(2) == 0 ? 443 : 22;
        e.UserName = "user" + random.Next(500).ToString(CultureInfo.InvariantCulture);
        e.HostName = $"{partner.Id}-ws{random.Next(200)}";
        if (random.Next(100) < 3)
        {
            e.Kind = "alert";
            e.Severity = 5;
            e.Message = "local IDS signature";
        }

        return e;
    }

    /// <summary>A partner's sighting of a step's indicator.</summary>
    public SecurityEvent Sighting(ScenarioStep step, int partnerIndex, TimeSpan offset)
    {
        var partner = scenario.Partners[partnerIndex];
        var e = Base(partner, offset);
        e.Kind = "alert";
        e.Severity = 7;
        e.Category = "intrusion_detection";
        e.ThreatTechniqueId = step.Technique.Length > 0 ? step.Technique : null;
        e.Labels["sector"] = step.Sector ?? partner.Sector;
        e.Message = $"{step.Name}: indicator observed";
        switch (step.Kind)
        {
            case IndicatorKind.SourceIp:
                e.SourceIp = step.Indicator;
                break;
            case IndicatorKind.Domain:
                e.DnsQuestionName = step.Indicator;
                e.Category = "dns";
                break;
            case IndicatorKind.UrlDomain:
                e.UrlDomain = step.Indicator;
                e.UrlFull = $"https://{step.Indicator}/login";
                e.Category = "web";
                break;
            case IndicatorKind.FileSha256:
                e.FileHashSha256 = step.Indicator;
                e.FileName = "invoice.pdf.exe";
                e.Category = "malware";
                break;
            case IndicatorKind.Technique:
                e.ThreatTechniqueId = step.Indicator;
                break;
        }

        return e;
    }

    private SecurityEvent Base(ScenarioPartner partner, TimeSpan offset) => new()
    {
        Timestamp = start + offset,
        EventId = string.Create(CultureInfo.InvariantCulture, $"sim-{runId}-{Interlocked.Increment(ref sequence)}"),
        Partner = partner.Id,
        Country = partner.Country,
        ObserverName = partner.Id + "-sensor-1",
        Tlp = Tlp.Amber,
    };
}
