using CyberAgg.Events;

namespace CyberAgg.Agent.Parsing;

/// <summary>One record's outcome: an event, a dead letter, or a blank record (counted as ignored, never an event).</summary>
internal readonly record struct NormalizeResult(SecurityEvent? Event, DeadLetter? DeadLetter)
{
    public bool IsBlank => Event is null && DeadLetter is null;
}
