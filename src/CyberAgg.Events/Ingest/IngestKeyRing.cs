using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace CyberAgg.Events.Ingest;

/// <summary>
/// An in-memory <see cref="IIngestKeyProvider"/>. Rotation: add the new key id, let agents switch, then remove the old
/// one. Reads are lock-free over an immutable snapshot that each change replaces.
/// </summary>
public sealed class IngestKeyRing : IIngestKeyProvider
{
    private readonly Lock _writeLock = new();
    private FrozenDictionary<(string Partner, string KeyId), IngestKey> _keys = FrozenDictionary<(string, string), IngestKey>.Empty;

    public IngestKeyRing()
    {
    }

    public IngestKeyRing(IEnumerable<IngestKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            Add(key);
        }
    }

    public int Count => _keys.Count;

    /// <summary>Adds or replaces the key with the same partner and key id.</summary>
    public void Add(IngestKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_writeLock)
        {
            var next = new Dictionary<(string, string), IngestKey>(_keys) { [(key.Partner, key.KeyId)] = key };
            _keys = next.ToFrozenDictionary();
        }
    }

    public bool Remove(string partner, string keyId)
    {
        lock (_writeLock)
        {
            var next = new Dictionary<(string, string), IngestKey>(_keys);
            if (!next.Remove((partner, keyId)))
            {
                return false;
            }

            _keys = next.ToFrozenDictionary();
            return true;
        }
    }

    public bool TryGetKey(string partner, string keyId, [NotNullWhen(true)] out IngestKey? key) =>
        _keys.TryGetValue((partner, keyId), out key);
}
