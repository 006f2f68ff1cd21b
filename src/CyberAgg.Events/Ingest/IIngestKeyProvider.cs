using System.Diagnostics.CodeAnalysis;

namespace CyberAgg.Events.Ingest;

/// <summary>Looks up the ingest key a batch names; implementations must be safe for concurrent readers.</summary>
public interface IIngestKeyProvider
{
    bool TryGetKey(string partner, string keyId, [NotNullWhen(true)] out IngestKey? key);
}
