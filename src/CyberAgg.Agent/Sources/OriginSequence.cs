using System.Globalization;

namespace CyberAgg.Agent.Sources;

/// <summary>
/// Origins for records that cannot be re-read (syslog, stdin): unique per record and per process run, so two identical
/// messages stay two events and a message never shares an event id with one from an earlier run.
/// </summary>
internal sealed class OriginSequence(string prefix)
{
    private static readonly string RunId = Guid.NewGuid().ToString("N")[..12];
    private long _next;

    public string Next() => string.Create(CultureInfo.InvariantCulture, $"{prefix}:{RunId}#{Interlocked.Increment(ref _next)}");
}
