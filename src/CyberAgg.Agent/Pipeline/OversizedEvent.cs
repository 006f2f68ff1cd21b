namespace CyberAgg.Agent.Pipeline;

/// <summary>An event whose encoding alone, in a batch of one, exceeds the message limit.</summary>
/// <param name="Index">Its position in the batch it came from.</param>
/// <param name="Bytes">The size of a batch holding only this event, header and HMAC included.</param>
/// <param name="Encoded">The event's encoded bytes (docs/wire-format.md, one event), for the dead letter.</param>
internal readonly record struct OversizedEvent(int Index, int Bytes, byte[] Encoded);
