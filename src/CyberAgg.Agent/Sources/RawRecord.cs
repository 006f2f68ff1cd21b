using CyberAgg.Agent.Checkpoints;
using CyberAgg.Agent.Parsing;

namespace CyberAgg.Agent.Sources;

/// <summary>One record as read: its bytes, where it came from, how to parse it, and (for files) the offset just after it.</summary>
/// <param name="Data">The record without its terminator or frame header.</param>
/// <param name="Origin">Stable, unique per record (the event id derives from it), e.g. <c>file:2049:1234@5678</c>.</param>
/// <param name="Format">How to parse it (the input's configured format).</param>
/// <param name="Mark">For file records, the position to checkpoint once this record is acknowledged.</param>
/// <param name="Input">The configured input's name, for metrics.</param>
/// <param name="Failure">Set when the input itself refused the record (a bad TCP frame): it becomes a dead letter as is.</param>
internal readonly record struct RawRecord(byte[] Data, string Origin, InputFormat Format, FileMark? Mark, string Input, ParseFailure? Failure = null);
