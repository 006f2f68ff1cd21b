using CyberAgg.Agent.Sources;

namespace CyberAgg.Agent.Checkpoints;

/// <summary>A read position in one file: everything before <see cref="Offset"/> has been turned into records.</summary>
internal readonly record struct FileMark(FileKey Key, string Path, long Offset);
