namespace CyberAgg.Rules.Detection.Indexing;

/// <summary>How one key field of a <see cref="LogSourceFilter"/> appears in an event.</summary>
internal enum LogSourceKey : byte
{
    Absent = 0,
    Null = 1,
    Value = 2,

    /// <summary>Present, for a field whose conditions only test presence (its value is not part of the key).</summary>
    Present = 3,
}
