using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CyberAgg.Sharing;

/// <summary>The sharing component's one Meter and ActivitySource (<c>CyberAgg.Sharing</c>) and its instruments.</summary>
public static class SharingInstrumentation
{
    public const string Name = "CyberAgg.Sharing";

    public static readonly ActivitySource ActivitySource = new(Name, "1.0.0");

    public static readonly Meter Meter = new(Name, "1.0.0");

    public static readonly Counter<long> AlertsReceived = Meter.CreateCounter<long>("cyberagg.sharing.alerts.received", "{alert}", "Alerts consumed from cyberagg.alerts.v1.");

    public static readonly Counter<long> Releases = Meter.CreateCounter<long>("cyberagg.sharing.releases", "{release}", "Alert views released to a partner, by channel.");

    public static readonly Counter<long> Withheld = Meter.CreateCounter<long>("cyberagg.sharing.withheld", "{alert}", "Alert-partner pairs no agreement released.");

    public static readonly Counter<long> AuditRows = Meter.CreateCounter<long>("cyberagg.sharing.audit.rows", "{row}", "Audit rows written.");

    public static readonly Counter<long> AuditErrors = Meter.CreateCounter<long>("cyberagg.sharing.audit.errors", "{row}", "Audit rows that could not be written after retries.");

    public static readonly Counter<long> Errors = Meter.CreateCounter<long>("cyberagg.sharing.errors", "{error}", "Messages that could not be processed, by error.type.");

    /// <summary>Tag names as constants.</summary>
    public static class Tags
    {
        public const string Channel = "channel";
        public const string ErrorType = "error.type";
    }
}
