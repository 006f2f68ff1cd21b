namespace CyberAgg.Agent.Settings;

/// <summary>What the spool does when it reaches <c>spool.max_bytes</c> (<c>spool.when_full</c>).</summary>
internal enum SpoolFullPolicy
{
    /// <summary>Stop reading inputs until there is room: nothing is lost, but UDP senders overflow.</summary>
    Block,

    /// <summary>Delete the oldest spooled batches, counting and logging every dropped event.</summary>
    DropOldest,
}
