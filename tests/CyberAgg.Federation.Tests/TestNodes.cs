using System.Security.Cryptography;
using CyberAgg.Configuration;

namespace CyberAgg.Federation.Tests;

/// <summary>Federation options of a small alliance, with fresh keys, for tests that need no Kafka.</summary>
internal static class TestNodes
{
    public static readonly string Secret = "base64:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static readonly Dictionary<string, ECDsa> Keys = new(StringComparer.Ordinal)
    {
        ["ee-node"] = ECDsa.Create(ECCurve.NamedCurves.nistP256),
        ["lv-node"] = ECDsa.Create(ECCurve.NamedCurves.nistP256),
    };

    public static ECDsa Key(string node) => Keys[node];

    public static FederationOptions Options(string node, string country, string partner) => new()
    {
        Enabled = true,
        Node = node,
        Country = country,
        Partners = [partner],
        Alliance = new KafkaOptions { Bootstrap = "127.0.0.1:1" },
        BlindingSecret = Secret,
        SigningKey = "base64:" + Convert.ToBase64String(Keys[node].ExportPkcs8PrivateKey()),
        Members =
        [
            new FederationMemberOptions { Node = "ee-node", Country = "EE", PublicKey = "base64:" + Convert.ToBase64String(Keys["ee-node"].ExportSubjectPublicKeyInfo()) },
            new FederationMemberOptions { Node = "lv-node", Country = "LV", PublicKey = "base64:" + Convert.ToBase64String(Keys["lv-node"].ExportSubjectPublicKeyInfo()) },
        ],
    };
}
