namespace CyberAgg.Events.Ingest;

/// <summary>The <c>ingest.trust</c> setting of DESIGN §5.</summary>
public enum IngestTrust
{
    /// <summary>Production default: only batches signed with a known ingest key are accepted.</summary>
    Signed = 0,

    /// <summary>Demo and tests: unsigned JSON and batches with unknown keys are accepted as untrusted.</summary>
    Open = 1,
}
