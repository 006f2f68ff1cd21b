namespace CyberAgg.Agent.Parsing;

/// <summary>What <see cref="SyslogFrameDecoder.Decode"/> found in the buffered bytes.</summary>
internal enum FrameStatus
{
    /// <summary>A complete frame; consume and call again.</summary>
    Frame,

    /// <summary>No complete frame yet; consume what was consumed (possibly discarded bytes) and read more.</summary>
    NeedMoreData,

    /// <summary>A frame over the limit: the returned bytes are its start, for the dead letter; the rest is skipped.</summary>
    Oversized,

    /// <summary>The stream cannot be resynchronised (garbage octet count); close the connection.</summary>
    Invalid,
}
