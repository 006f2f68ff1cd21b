using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace CyberAgg.Agent.Sources;

/// <summary>
/// Reads a file's device and inode with Linux <c>statx</c>: .NET exposes neither, and without them a rename rotation
/// looks like a truncation. The layout of <c>struct statx</c> is fixed across architectures.
/// </summary>
internal static partial class FileIdentity
{
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;
    private const int StatxSize = 256;

    /// <summary>Identity and size of the file at <paramref name="path"/>; false when it does not exist.</summary>
    public static bool TryGet(string path, out FileKey key, out long size)
    {
        if (!OperatingSystem.IsLinux())
        {
            return Fallback(path, out key, out size);
        }

        Span<byte> buffer = stackalloc byte[StatxSize];
        if (Statx(AtFdCwd, path, 0, StatxBasicStats, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            key = default;
            size = 0;
            return false;
        }

        return Decode(buffer, out key, out size);
    }

    /// <summary>Identity and size of an open file, wherever it has been renamed to.</summary>
    public static bool TryGet(SafeFileHandle handle, string path, out FileKey key, out long size)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (!OperatingSystem.IsLinux())
        {
            return Fallback(path, out key, out size);
        }

        Span<byte> buffer = stackalloc byte[StatxSize];
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            if (Statx((int)handle.DangerousGetHandle(), string.Empty, AtEmptyPath, StatxBasicStats, ref MemoryMarshal.GetReference(buffer)) != 0)
            {
                key = default;
                size = 0;
                return false;
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }

        return Decode(buffer, out key, out size);
    }

    private static bool Decode(ReadOnlySpan<byte> statx, out FileKey key, out long size)
    {
        var inode = BinaryPrimitives.ReadUInt64LittleEndian(statx[32..]);
        size = (long)BinaryPrimitives.ReadUInt64LittleEndian(statx[40..]);
        var major = BinaryPrimitives.ReadUInt32LittleEndian(statx[136..]);
        var minor = BinaryPrimitives.ReadUInt32LittleEndian(statx[140..]);
        key = new FileKey(((ulong)major << 32) | minor, inode);
        return true;
    }

    // Elsewhere the path stands in for the inode: rotation by rename then reads as a new file, which is still safe.
    private static bool Fallback(string path, out FileKey key, out long size)
    {
        var info = new FileInfo(path);
        key = new FileKey(0, StableHash(info.FullName));
        size = info.Exists ? info.Length : 0;
        return info.Exists;
    }

    // FNV-1a: string.GetHashCode is randomised per process, and the key must survive restarts.
    private static ulong StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, ref byte buffer);
}
