using CyberAgg.Configuration;
using CyberAgg.Events.Ingest;
using Microsoft.Extensions.Configuration;

namespace CyberAgg.Correlator;

/// <summary>Which messages the correlator trusts (section <c>ingest</c>): the trust mode and the partners' ingest keys.</summary>
public sealed class IngestOptions
{
    /// <summary><c>Signed</c> (production default) or <c>Open</c> (demo, tests): see DESIGN §5, ingest trust.</summary>
    [ConfigurationKeyName("trust")]
    public IngestTrust Trust { get; set; } = IngestTrust.Signed;

    /// <summary>Partners' HMAC keys; several ids per partner may be valid at once, for rotation.</summary>
    [ConfigurationKeyName("keys")]
    public List<IngestKeyOptions> Keys { get; set; } = [];

    /// <summary>Throws a <see cref="ConfigurationException"/> naming the first bad key.</summary>
    public void Validate()
    {
        if (Trust == IngestTrust.Signed && Keys.Count == 0)
        {
            throw new ConfigurationException("ingest.keys", "is empty while ingest.trust is signed, so no partner's batch could be trusted; add keys or set ingest.trust to open (demo only).");
        }

        for (var i = 0; i < Keys.Count; i++)
        {
            Keys[i].Validate($"ingest.keys[{i}]");
        }
    }

    /// <summary>The key ring the decoder checks signatures against.</summary>
    public IngestKeyRing BuildKeyRing()
    {
        Validate();
        var ring = new IngestKeyRing();
        foreach (var key in Keys)
        {
            ring.Add(new IngestKey(key.Partner, key.KeyId, key.SecretBytes(), key.Country));
        }

        return ring;
    }
}
