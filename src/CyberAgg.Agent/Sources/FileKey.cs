using System.Globalization;

namespace CyberAgg.Agent.Sources;

/// <summary>A file's identity (device and inode), which survives renames: it is how rotation is told from growth.</summary>
internal readonly record struct FileKey(ulong Device, ulong Inode)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Device}:{Inode}");

    public static bool TryParse(string text, out FileKey key)
    {
        key = default;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0
            || !ulong.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var device)
            || !ulong.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var inode))
        {
            return false;
        }

        key = new FileKey(device, inode);
        return true;
    }
}
