using Microsoft.Win32.SafeHandles;

namespace CyberAgg.Agent.Sources;

/// <summary>A 64-bit FNV-1a hash of a file's first bytes (up to <see cref="MaxLength"/>), read without moving the stream.</summary>
internal static class FileFingerprint
{
    public const int MaxLength = 256;

    /// <summary>Hashes the first <paramref name="length"/> bytes; fewer are hashed if the file is shorter.</summary>
    public static ulong Compute(SafeFileHandle handle, int length, out int hashed)
    {
        Span<byte> head = stackalloc byte[MaxLength];
        hashed = RandomAccess.Read(handle, head[..Math.Min(length, MaxLength)], 0);
        var hash = 14695981039346656037UL;
        foreach (var b in head[..hashed])
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }
}
