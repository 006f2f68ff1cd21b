using System.Text;
using System.Text.RegularExpressions;
using CyberAgg.Configuration;
using CyberAgg.Events;
using CyberAgg.Events.Alerts;

namespace CyberAgg.Sharing.Configuration;

/// <summary>Reads and validates <c>sharing.yaml</c>; every error is a <see cref="ConfigurationException"/> naming the key at fault.</summary>
public static partial class SharingConfigLoader
{
    private const int MaxEntries = 10_000;
    private static readonly string[] Kinds = [AlertKinds.Detection, AlertKinds.Correlation, AlertKinds.CrossBorder];

    /// <summary>Loads a file; <paramref name="environment"/> replaces the process environment for <c>${env:}</c> (tests).</summary>
    public static SharingConfig LoadFile(string path, IReadOnlyDictionary<string, string>? environment = null)
    {
        if (!File.Exists(path))
        {
            throw new ConfigurationException("--sharing", $"the file '{path}' does not exist; pass the path of sharing.yaml (see docs/sharing.md).");
        }

        if (new FileInfo(path).Length > YamlGuard.MaxBytes)
        {
            throw new ConfigurationException(path, $"is larger than {YamlGuard.MaxBytes} bytes; sharing.yaml is limited to 1 MiB.");
        }

        return Parse(File.ReadAllText(path), environment, path);
    }

    /// <summary>Parses YAML text.</summary>
    public static SharingConfig Parse(string yaml, IReadOnlyDictionary<string, string>? environment = null, string source = "sharing.yaml")
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var root = new YamlSection(YamlGuard.Load(yaml, source) ?? throw new ConfigurationException(source, "is empty; declare partners and agreements."), "");
        root.RejectUnknown("partners", "operators", "keys", "agreements");

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var credentials = new HashSet<string>(StringComparer.Ordinal);
        var partners = root.Sections("partners", MaxEntries).Select(s => ReadPartner(s, ids, credentials)).ToArray();
        var operators = root.Sections("operators", MaxEntries).Select(s => ReadOperator(s, ids, credentials)).ToArray();
        var keys = ReadKeys(root, environment);
        var countries = partners.Select(p => p.Country).ToHashSet(StringComparer.Ordinal);
        var partnerIds = partners.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var agreementIds = new HashSet<string>(StringComparer.Ordinal);
        var agreements = root.Sections("agreements", MaxEntries)
            .Select(s => ReadAgreement(s, partnerIds, countries, keys, agreementIds))
            .ToArray();
        return new SharingConfig(partners, operators, agreements, keys.Values.ToArray());
    }

    private static PartnerDefinition ReadPartner(YamlSection s, HashSet<string> ids, HashSet<string> credentials)
    {
        s.RejectUnknown("id", "country", "display_name", "credential", "credentials");
        var id = ReadId(s, ids);
        var country = s.RequiredString("country", 2);
        if (!CountryCode().IsMatch(country))
        {
            throw new ConfigurationException(s.Key("country"), $"'{YamlSection.Truncate(country)}' is not an upper-case ISO 3166-1 alpha-2 code such as EE.");
        }

        var all = ReadCredentials(s, credentials);
        return new PartnerDefinition(id, country, s.RequiredString("display_name", 128), all[0].Hash) { Credentials = all };
    }

    private static OperatorDefinition ReadOperator(YamlSection s, HashSet<string> ids, HashSet<string> credentials)
    {
        s.RejectUnknown("id", "display_name", "credential", "credentials");
        var id = ReadId(s, ids);
        var all = ReadCredentials(s, credentials);
        return new OperatorDefinition(id, s.RequiredString("display_name", 128), all[0].Hash) { Credentials = all };
    }

    private static string ReadId(YamlSection s, HashSet<string> ids)
    {
        var id = s.RequiredString("id", 63);
        if (!PrincipalId().IsMatch(id))
        {
            throw new ConfigurationException(s.Key("id"), $"'{YamlSection.Truncate(id)}' must be lower-case letters, digits and '-', starting with a letter or digit (it names a Kafka topic).");
        }

        if (!ids.Add(id))
        {
            throw new ConfigurationException(s.Key("id"), $"'{id}' is declared twice; partner and operator ids are unique.");
        }

        return id;
    }

    /// <summary><c>credential: sha256:...</c>, or <c>credentials:</c> a list of <c>{hash, expires}</c> for rotation.</summary>
    private static CredentialDefinition[] ReadCredentials(YamlSection s, HashSet<string> credentials)
    {
        var listed = s.Child("credentials") is null ? null : s.Sections("credentials", 16);
        if (listed is null)
        {
            return [new CredentialDefinition(ReadCredential(s, "credential", credentials), null)];
        }

        if (s.Child("credential") is not null)
        {
            throw new ConfigurationException(s.Key("credential"), "and credentials exclude each other; list every token hash under credentials.");
        }

        if (listed.Count == 0)
        {
            throw new ConfigurationException(s.Key("credentials"), "is empty; list at least one {hash: sha256:<hex>, expires: <RFC 3339>}.");
        }

        return listed.Select(c =>
        {
            c.RejectUnknown("hash", "expires");
            DateTimeOffset? expires = null;
            if (c.OptionalString("expires") is { } text)
            {
                expires = DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t)
                    ? t
                    : throw new ConfigurationException(c.Key("expires"), $"'{YamlSection.Truncate(text)}' is not an RFC 3339 time such as 2027-01-31T00:00:00Z.");
            }

            return new CredentialDefinition(ReadCredential(c, "hash", credentials), expires);
        }).ToArray();
    }

    private static CredentialHash ReadCredential(YamlSection s, string name, HashSet<string> credentials)
    {
        var text = s.RequiredString(name, 128);
        if (!CredentialHash.TryParse(text, out var hash))
        {
            // Never echo the value: it may be a token pasted by mistake.
            throw new ConfigurationException(s.Key(name), "must be sha256:<64 hex digits>, the SHA-256 of the partner's token (cyberagg sharing hash-token); never the token itself.");
        }

        if (!credentials.Add(hash.Hex))
        {
            throw new ConfigurationException(s.Key(name), "is the same as another principal's; every partner and operator needs its own token.");
        }

        return hash;
    }

    private static Dictionary<string, PseudonymKey> ReadKeys(YamlSection root, IReadOnlyDictionary<string, string>? environment)
    {
        var keys = new Dictionary<string, PseudonymKey>(StringComparer.Ordinal);
        foreach (var s in root.Sections("keys", 1000))
        {
            s.RejectUnknown("id", "secret");
            var id = s.RequiredString("id", 32);
            if (!KeyId().IsMatch(id))
            {
                throw new ConfigurationException(s.Key("id"), $"'{YamlSection.Truncate(id)}' must be letters, digits, '.', '_' or '-' (at most 32).");
            }

            var material = Encoding.UTF8.GetBytes(SecretResolver.Resolve(s.Key("secret"), s.RequiredString("secret", 4096), environment));
            if (material.Length < 32)
            {
                throw new ConfigurationException(s.Key("secret"), $"resolves to {material.Length} bytes; a pseudonymisation key needs at least 32 random bytes (e.g. openssl rand -base64 48).");
            }

            if (!keys.TryAdd(id, new PseudonymKey(id, material)))
            {
                throw new ConfigurationException(s.Key("id"), $"'{id}' is declared twice; give each key period its own id.");
            }
        }

        return keys;
    }

    private static AgreementDefinition ReadAgreement(
        YamlSection s, HashSet<string> partnerIds, HashSet<string> countries, Dictionary<string, PseudonymKey> keys, HashSet<string> agreementIds)
    {
        s.RejectUnknown("id", "from", "to", "alert_kinds", "max_tlp", "pseudonymise", "indicator_in_clear", "key_id", "pseudonyms");
        var id = s.RequiredString("id", 63);
        if (!PrincipalId().IsMatch(id) || !agreementIds.Add(id))
        {
            throw new ConfigurationException(s.Key("id"), $"'{YamlSection.Truncate(id)}' must be unique, lower-case letters, digits and '-'.");
        }

        var from = ReadParty(s, "from", partnerIds, countries);
        var to = ReadParty(s, "to", partnerIds, countries);
        var kinds = ReadKinds(s);
        var maxTlp = ReadMaxTlp(s);
        var fields = PersonalFieldNames.Default;
        if (s.OptionalStringList("pseudonymise", 16) is { } listed)
        {
            fields = PersonalFields.None;
            foreach (var (name, key) in listed)
            {
                fields |= PersonalFieldNames.TryParse(name, out var field)
                    ? field
                    : throw new ConfigurationException(key, $"'{YamlSection.Truncate(name)}' is not one of {string.Join(", ", PersonalFieldNames.All)}.");
            }
        }

        var indicatorInClear = s.OptionalBool("indicator_in_clear", true);
        PseudonymKey? pseudonymKey = null;
        if (s.OptionalString("key_id") is { } keyId)
        {
            pseudonymKey = keys.GetValueOrDefault(keyId)
                ?? throw new ConfigurationException(s.Key("key_id"), $"'{YamlSection.Truncate(keyId)}' is not declared under keys; known: {string.Join(", ", keys.Keys)}.");
        }
        else if (fields != PersonalFields.None || !indicatorInClear)
        {
            throw new ConfigurationException(s.Key("key_id"), "is required: this agreement pseudonymises fields, so it needs a key declared under keys.");
        }

        var shared = s.OptionalString("pseudonyms") switch
        {
            null or "per_recipient" => false,
            "shared" => true,
            var other => throw new ConfigurationException(s.Key("pseudonyms"),
                $"'{YamlSection.Truncate(other)}' is not per_recipient (the default: two recipients cannot link their pseudonyms) or shared (every recipient of this agreement gets the same pseudonym)."),
        };

        return new AgreementDefinition(id, from, to, kinds, maxTlp, fields, indicatorInClear, pseudonymKey) { SharedPseudonyms = shared };
    }

    private static string ReadParty(YamlSection s, string name, HashSet<string> partnerIds, HashSet<string> countries)
    {
        var value = s.RequiredString(name, 63);
        if (value == "*" || partnerIds.Contains(value) || countries.Contains(value))
        {
            return value;
        }

        throw new ConfigurationException(s.Key(name), $"'{YamlSection.Truncate(value)}' is neither a declared partner id, nor the country of one, nor '*'.");
    }

    private static HashSet<string> ReadKinds(YamlSection s)
    {
        var listed = s.OptionalStringList("alert_kinds", 8);
        if (listed is null || listed.Count == 0)
        {
            throw new ConfigurationException(s.Key("alert_kinds"), $"is required: list what is shared, from {string.Join(", ", Kinds)} (or '*').");
        }

        var kinds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (kind, key) in listed)
        {
            if (kind == "*")
            {
                kinds.UnionWith(Kinds);
            }
            else if (Kinds.Contains(kind, StringComparer.Ordinal))
            {
                kinds.Add(kind);
            }
            else
            {
                throw new ConfigurationException(key, $"'{YamlSection.Truncate(kind)}' is not one of {string.Join(", ", Kinds)}, '*'.");
            }
        }

        return kinds;
    }

    private static Tlp ReadMaxTlp(YamlSection s)
    {
        var text = s.RequiredString("max_tlp", 20);
        if (!TlpNames.TryParse(text, out var tlp))
        {
            throw new ConfigurationException(s.Key("max_tlp"), $"'{YamlSection.Truncate(text)}' is not a TLP 2.0 label (CLEAR, GREEN, AMBER).");
        }

        return tlp switch
        {
            Tlp.Red => throw new ConfigurationException(s.Key("max_tlp"), "is RED, but TLP:RED never leaves its owner; an agreement shares at most AMBER."),
            Tlp.AmberStrict => throw new ConfigurationException(s.Key("max_tlp"), "is AMBER+STRICT, which stays inside the owning organisation; an agreement shares at most AMBER."),
            _ => tlp,
        };
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex PrincipalId();

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryCode();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")]
    private static partial Regex KeyId();
}
