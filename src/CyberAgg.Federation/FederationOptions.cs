using CyberAgg.Configuration;
using CyberAgg.Events;
using Microsoft.Extensions.Configuration;

namespace CyberAgg.Federation;

/// <summary>Settings of a sovereign-mode node (section <c>federation</c>, docs/sovereign-mode.md).</summary>
public sealed class FederationOptions
{
    /// <summary>The default alliance topic every member reads.</summary>
    public const string DefaultTopic = "cyberagg.alliance.v1";

    /// <summary>Runs the federation publisher and matcher next to the correlator.</summary>
    [ConfigurationKeyName("enabled")]
    public bool Enabled { get; set; }

    /// <summary>This node's id in the alliance (its members list names it), e.g. <c>ee-node</c>.</summary>
    [ConfigurationKeyName("node")]
    public string Node { get; set; } = "";

    /// <summary>ISO 3166-1 alpha-2 country of the node.</summary>
    [ConfigurationKeyName("country")]
    public string Country { get; set; } = "";

    /// <summary>The partners whose events this node holds; an event naming another partner is not published.</summary>
    [ConfigurationKeyName("partners")]
    public List<string> Partners { get; set; } = [];

    /// <summary>The alliance Kafka that carries blinded observations between nodes (never raw events).</summary>
    [ConfigurationKeyName("alliance")]
    public KafkaOptions Alliance { get; set; } = new() { Bootstrap = "" };

    [ConfigurationKeyName("topic")]
    public string Topic { get; set; } = DefaultTopic;

    /// <summary>
    /// The alliance blinding secret (<c>base64:...</c>, or <c>file:PATH</c>), at least 32 bytes, shared by member
    /// nodes only: the alliance Kafka's operator never holds it. Per-epoch keys are derived from it.
    /// </summary>
    [ConfigurationKeyName("blinding_secret")]
    public string BlindingSecret { get; set; } = "";

    /// <summary>
    /// How tokens are computed: <c>hmac</c> (every member holds <see cref="BlindingSecret"/>) or <c>oprf</c> (no member
    /// holds the key; <see cref="KeyServices"/> evaluate blinded points, rate-limited). All members must use the same.
    /// </summary>
    [ConfigurationKeyName("blinding")]
    public string Blinding { get; set; } = HmacBlinding;

    /// <summary>oprf mode: the member nodes that hold a key share, in the order a node asks them; the key is the product of their shares.</summary>
    [ConfigurationKeyName("key_services")]
    public List<string> KeyServices { get; set; } = [];

    /// <summary>oprf mode: this node's key-service role, when it is one of <see cref="KeyServices"/>.</summary>
    [ConfigurationKeyName("key_service")]
    public KeyServiceOptions KeyService { get; set; } = new();

    /// <summary>This node's ECDSA P-256 private key (PKCS#8, <c>base64:...</c> or <c>file:PATH</c> to a PEM); signs its batches.</summary>
    [ConfigurationKeyName("signing_key")]
    public string SigningKey { get; set; } = "";

    /// <summary>Every member node (this one included) with its country and public key; batches of others are refused.</summary>
    [ConfigurationKeyName("members")]
    public List<FederationMemberOptions> Members { get; set; } = [];

    /// <summary>Nodes that may receive this node's TLP:AMBER+STRICT observations (on their own topic); empty: none leave.</summary>
    [ConfigurationKeyName("amber_strict_to")]
    public List<string> AmberStrictTo { get; set; } = [];

    /// <summary>Blinding keys rotate per epoch of event time; both sides use the key of the event's epoch.</summary>
    [ConfigurationKeyName("epoch")]
    public TimeSpan Epoch { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Event time is published rounded down to this bucket (the alliance learns no finer timing).</summary>
    [ConfigurationKeyName("bucket")]
    public TimeSpan Bucket { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest an observation waits before its batch is signed and published; bounds added latency.</summary>
    [ConfigurationKeyName("batch_linger")]
    public TimeSpan BatchLinger { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>A node whose watermark has not moved for this long stops holding the alliance watermark back.</summary>
    [ConfigurationKeyName("node_idle_timeout")]
    public TimeSpan NodeIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Batches created longer ago than this (or this far in the future) are refused as replays.</summary>
    [ConfigurationKeyName("max_batch_age")]
    public TimeSpan MaxBatchAge { get; set; } = TimeSpan.FromDays(2);

    /// <summary>
    /// What this node releases when another member asks for the clear value behind one of its tokens; no agreement
    /// that names the requester, kind and TLP: refused. Empty (the default): every request is refused (and audited).
    /// </summary>
    [ConfigurationKeyName("release_agreements")]
    public List<ReleaseAgreementOptions> ReleaseAgreements { get; set; } = [];

    /// <summary>Exchange requests and answers signed longer ago than this (or this far ahead) are rejected as replays.</summary>
    [ConfigurationKeyName("exchange_max_age")]
    public TimeSpan ExchangeMaxAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most exchange requests this node answers per requesting node per hour; more are refused (<c>rate_limited</c>).</summary>
    [ConfigurationKeyName("exchange_max_per_hour")]
    public int ExchangeMaxPerHour { get; set; } = 60;

    public const string HmacBlinding = "hmac";

    public const string OprfBlinding = "oprf";

    /// <summary>True in oprf mode: tokens come from the key services, no member holds the key.</summary>
    public bool UsesOprf => string.Equals(Blinding, OprfBlinding, StringComparison.Ordinal);

    /// <summary>True when this node is one of the oprf mode's key services.</summary>
    public bool IsKeyService => UsesOprf && KeyServices.Contains(Node, StringComparer.Ordinal);

    /// <summary>The topic on which key service <paramref name="node"/> receives OPRF evaluation requests.</summary>
    public static string OprfTopic(string node) => $"cyberagg.alliance.{node}.oprf.v1";

    /// <summary>The topic on which <paramref name="node"/> receives the key services' OPRF answers.</summary>
    public static string OprfAnswerTopic(string node) => $"cyberagg.alliance.{node}.oprf-answers.v1";

    /// <summary>The topic on which <paramref name="node"/> receives clear-value exchange requests and answers addressed to it.</summary>
    public static string ExchangeTopic(string node) => $"cyberagg.alliance.{node}.exchange.v1";

    /// <summary>The topic on which <paramref name="node"/> receives AMBER+STRICT observations addressed to it.</summary>
    public static string StrictTopic(string node) => $"cyberagg.alliance.{node}.v1";

    /// <summary>Throws a <see cref="ConfigurationException"/> naming the first bad key.</summary>
    public void Validate()
    {
        if (!Enabled)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(Node) || Node.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            throw new ConfigurationException("federation.node", $"'{Node}' must be letters, digits, '-' or '_', e.g. ee-node.");
        }

        if (Country.Length != 2 || !Country.All(char.IsAsciiLetterUpper))
        {
            throw new ConfigurationException("federation.country", $"'{Country}' is not an ISO 3166-1 alpha-2 code such as EE.");
        }

        if (Partners.Count == 0)
        {
            throw new ConfigurationException("federation.partners", "is empty; list the partner ids whose events this node holds, e.g. [ee-cert].");
        }

        if (string.IsNullOrWhiteSpace(Alliance.Bootstrap))
        {
            throw new ConfigurationException("federation.alliance.bootstrap", "is empty; give the alliance Kafka's bootstrap servers.");
        }

        Alliance.Validate("federation.alliance");
        if (string.IsNullOrWhiteSpace(Topic))
        {
            throw new ConfigurationException("federation.topic", $"is empty; the default is {DefaultTopic}.");
        }

        if (Blinding is not (HmacBlinding or OprfBlinding))
        {
            throw new ConfigurationException("federation.blinding", $"'{Blinding}' must be hmac (members hold the key) or oprf (key services hold shares).");
        }

        if (!UsesOprf && KeyMaterial.Read("federation.blinding_secret", BlindingSecret).Length < 32)
        {
            throw new ConfigurationException("federation.blinding_secret", "is shorter than 32 bytes; generate one with: openssl rand -base64 32 (and share it with member nodes only).");
        }

        _ = KeyMaterial.LoadSigningKey("federation.signing_key", SigningKey);
        if (!Members.Any(m => m.Node == Node))
        {
            throw new ConfigurationException("federation.members", $"does not list this node '{Node}'; list every member with its public key.");
        }

        foreach (var member in Members)
        {
            _ = KeyMaterial.LoadPublicKey($"federation.members[{member.Node}].public_key", member.PublicKey);
        }

        foreach (var recipient in AmberStrictTo.Where(r => !Members.Any(m => m.Node == r)))
        {
            throw new ConfigurationException("federation.amber_strict_to", $"names '{recipient}', which is not in federation.members.");
        }

        if (Bucket <= TimeSpan.Zero || Bucket > TimeSpan.FromHours(1))
        {
            throw new ConfigurationException("federation.bucket", $"{Bucket} must be above zero and at most an hour; 1m suits 15-minute windows.");
        }

        if (Epoch < TimeSpan.FromMinutes(1) || Epoch.Ticks % Bucket.Ticks != 0)
        {
            throw new ConfigurationException("federation.epoch", $"{Epoch} must be at least a minute and a whole number of buckets ({Bucket}).");
        }

        if (BatchLinger <= TimeSpan.Zero || BatchLinger > TimeSpan.FromMinutes(1))
        {
            throw new ConfigurationException("federation.batch_linger", $"{BatchLinger} must be above zero and at most a minute.");
        }

        if (NodeIdleTimeout <= TimeSpan.Zero)
        {
            throw new ConfigurationException("federation.node_idle_timeout", $"{NodeIdleTimeout} must be above zero, e.g. 30s.");
        }

        ValidateExchange();
        ValidateOprf();
        if (MaxBatchAge <= TimeSpan.Zero)
        {
            throw new ConfigurationException("federation.max_batch_age", $"{MaxBatchAge} must be above zero; at least the alliance topic's retention.");
        }
    }

    private void ValidateOprf()
    {
        if (!UsesOprf)
        {
            return;
        }

        if (KeyServices.Count == 0)
        {
            throw new ConfigurationException("federation.key_services", "is empty; oprf mode needs at least one key-service node, e.g. [ee-node, lv-node] (two: no single one holds the key).");
        }

        foreach (var service in KeyServices.Where(s => !Members.Any(m => m.Node == s)))
        {
            throw new ConfigurationException("federation.key_services", $"names '{service}', which is not in federation.members.");
        }

        if (KeyServices.Distinct(StringComparer.Ordinal).Count() != KeyServices.Count)
        {
            throw new ConfigurationException("federation.key_services", "names a node twice; each key service holds one share.");
        }

        if (IsKeyService && KeyMaterial.Read("federation.key_service.share", KeyService.Share).Length < 32)
        {
            throw new ConfigurationException("federation.key_service.share", "is shorter than 32 bytes; generate one per key service with: openssl rand -base64 32 (and give it to no one else).");
        }

        if (KeyService.MaxPerEpoch < 1)
        {
            throw new ConfigurationException("federation.key_service.max_per_epoch", $"{KeyService.MaxPerEpoch} must be at least 1; the default {KeyServiceOptions.DefaultMaxPerEpoch} covers a node's distinct values per epoch.");
        }
    }

    private void ValidateExchange()
    {
        if (ExchangeMaxAge < TimeSpan.FromSeconds(10) || ExchangeMaxAge > TimeSpan.FromDays(1))
        {
            throw new ConfigurationException("federation.exchange_max_age", $"{ExchangeMaxAge} must be between 10s and 1d; 10m rides out clock skew and a short outage.");
        }

        if (ExchangeMaxPerHour < 1)
        {
            throw new ConfigurationException("federation.exchange_max_per_hour", $"{ExchangeMaxPerHour} must be at least 1, e.g. 60.");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ReleaseAgreements.Count; i++)
        {
            var a = ReleaseAgreements[i];
            var key = $"federation.release_agreements[{i}]";
            if (string.IsNullOrWhiteSpace(a.Id) || !ids.Add(a.Id))
            {
                throw new ConfigurationException(key + ".id", $"'{a.Id}' must be set and unique, e.g. ee-to-lv.");
            }

            if (a.To.Count == 0)
            {
                throw new ConfigurationException(key + ".to", "is empty; list requesting node ids, country codes of members, or '*'.");
            }

            foreach (var to in a.To.Where(t => t != "*" && !Members.Any(m => m.Node == t || m.Country == t)))
            {
                throw new ConfigurationException(key + ".to", $"names '{to}', which is neither a node nor a country in federation.members.");
            }

            if (a.Kinds.Count == 0)
            {
                throw new ConfigurationException(key + ".kinds", "is empty; list indicator kinds such as source.ip and domain, or '*'.");
            }

            if (!TlpNames.TryParse(a.MaxTlp, out var tlp) || tlp == Tlp.Red)
            {
                throw new ConfigurationException(key + ".max_tlp", $"'{a.MaxTlp}' must be CLEAR, GREEN, AMBER or AMBER+STRICT; TLP:RED is never released.");
            }
        }
    }
}
