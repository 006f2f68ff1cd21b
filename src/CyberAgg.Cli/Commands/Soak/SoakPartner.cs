using CyberAgg.Events.Ingest;

namespace CyberAgg.Cli.Commands.Soak;

/// <summary>A partner of the soak with its signing key.</summary>
internal sealed record SoakPartner(int Index, string Id, string Country, IngestKey Key, string KeyId, byte[] Secret);
