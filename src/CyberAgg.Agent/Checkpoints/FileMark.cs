using CyberAgg.Agent.Sources;

namespace CyberAgg.Agent.Checkpoints;

/// <summary>
/// A read position in one file: everything before <see cref="Offset"/> has been turned into records. The fingerprint
/// (a hash of the file's first bytes) tells a resumed file from a new one that reused a deleted file's inode.
/// </summary>
internal readonly record struct FileMark(FileKey Key, string Path, long Offset, ulong Fingerprint = 0, int FingerprintLength = 0);
