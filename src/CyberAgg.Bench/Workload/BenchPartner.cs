using CyberAgg.Events.Ingest;

namespace CyberAgg.Bench.Workload;

/// <summary>A simulated partner: its country and the HMAC ingest key its batches are signed with.</summary>
internal sealed record BenchPartner(string Id, string Country, string Secret)
{
    /// <summary>Six partners in six countries, each with a fresh random key for this run.</summary>
    public static IReadOnlyList<BenchPartner> CreateSet()
    {
        (string Id, string Country)[] names = [("ee-cert", "EE"), ("lv-cert", "LV"), ("lt-cert", "LT"), ("pl-cert", "PL"), ("fi-cert", "FI"), ("de-cert", "DE")];
        // The correlator's configuration carries secrets as strings, so the key is the UTF-8 of a random base64 text.
        return names.Select(n => new BenchPartner(n.Id, n.Country, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)))).ToArray();
    }

    public const string KeyId = "bench";

    public IngestKey Key { get; } = new(Id, KeyId, System.Text.Encoding.UTF8.GetBytes(Secret), Country);
}
