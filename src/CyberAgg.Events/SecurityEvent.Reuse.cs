namespace CyberAgg.Events;

/// <summary>Reuse of one instance by a producer that encodes each event before it reads the next.</summary>
public sealed partial class SecurityEvent
{
    /// <summary>
    /// Makes this event equal to a new one while keeping its arrays and dictionaries (their capacity), so a producer
    /// that is done with the event once it is encoded (the agent's batcher) need not allocate one per record.
    /// </summary>
    /// <remarks>Only for an instance nobody else holds: readers of the event would see it change.</remarks>
    public void Reset()
    {
        // Every instance field of this type (SecurityEventTests.Reset_EveryFieldSet_EqualsANewEvent counts them).
        Array.Clear(_strings);
        _timestamp = default;
        _labels?.Clear();
        _attributes?.Clear();
        Tlp = Tlp.Amber;
        Severity = null;
        SourcePort = null;
        DestinationPort = null;
        Trusted = false;
    }
}
