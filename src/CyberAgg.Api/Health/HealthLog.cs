using Microsoft.Extensions.Logging;

namespace CyberAgg.Api.Health;

/// <summary>The alliance-health log messages, source-generated.</summary>
internal static partial class HealthLog
{
    [LoggerMessage(40, LogLevel.Warning, "Partner {Partner} went silent: nothing received since its last event of {LastEvent:O}; raised partner_silent")]
    public static partial void PartnerSilent(ILogger logger, string partner, DateTimeOffset lastEvent);

    [LoggerMessage(41, LogLevel.Warning, "Partner silence check failed ({Type}): {Reason}; retrying in a minute")]
    public static partial void CheckFailed(ILogger logger, string type, string reason);
}
