using CyberAgg.Events;
using CyberAgg.Events.Alerts;
using CyberAgg.Sharing.Configuration;
using CyberAgg.Storage.Tables;

namespace CyberAgg.Sharing.Policy;

/// <summary>
/// The sharing agreements compiled for lookups: who a token belongs to, and what of an alert or event a principal
/// may see (DESIGN §6). Every path that releases data — Kafka feeds, API, SSE, STIX — goes through this class.
/// </summary>
/// <remarks>
/// TLP 2.0: an alert carries the strictest TLP of its evidence. RED and AMBER+STRICT never reach anyone but the
/// owner, which for an alert means every partner that contributed evidence is the caller. Anything else reaches a
/// partner only if, for every other contributing partner, an agreement from it (or its country, or '*') to the caller
/// (or the caller's country, or '*') lists the alert's kind with a max TLP at least the alert's. The first such
/// agreement in file order decides the pseudonymisation.
/// </remarks>
public sealed partial class SharingPolicy
{
    private static readonly string[] Kinds = [AlertKinds.Detection, AlertKinds.Correlation, AlertKinds.CrossBorder];
    private static readonly Tlp[] ShareableTlps = [Tlp.Clear, Tlp.Green, Tlp.Amber];
    private readonly Dictionary<string, (Principal Principal, CredentialDefinition Credential)> byCredential = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Principal> byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PartnerDefinition> partners = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(PseudonymKey Key, string Recipient), PseudonymKey> recipientKeys = new();

    public SharingPolicy(SharingConfig config)
    {
        Config = config ?? throw new ArgumentNullException(nameof(config));
        foreach (var p in config.Partners)
        {
            var principal = new Principal(p.Id, p.DisplayName, p.Country, IsAdmin: false);
            foreach (var credential in p.Credentials)
            {
                byCredential[credential.Hash.Hex] = (principal, credential);
            }

            byId[p.Id] = principal;
            partners[p.Id] = p;
        }

        foreach (var o in config.Operators)
        {
            var principal = new Principal(o.Id, o.DisplayName, Country: null, IsAdmin: true);
            foreach (var credential in o.Credentials)
            {
                byCredential[credential.Hash.Hex] = (principal, credential);
            }

            byId[o.Id] = principal;
        }
    }

    public SharingConfig Config { get; }

    public IReadOnlyCollection<PartnerDefinition> Partners => partners.Values;

    /// <summary>The principal a bearer token belongs to, or null; a credential past its expiry counts as unknown.</summary>
    public Principal? Authenticate(string? token) => Authenticate(token, TimeProvider.System.GetUtcNow());

    /// <summary>The principal a bearer token belongs to at <paramref name="now"/>, or null when unknown or expired.</summary>
    public Principal? Authenticate(string? token, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 512)
        {
            return null;
        }

        // Lookup by the SHA-256 of a 256-bit token: learning which hash prefix matched tells an attacker nothing usable.
        return byCredential.TryGetValue(CredentialHash.Compute(token).Hex, out var found) && found.Credential.IsActiveAt(now) ? found.Principal : null;
    }

    public Principal? Find(string id) => byId.GetValueOrDefault(id);

    /// <summary>A partner may change the status of an alert it contributed evidence to; operators of any alert.</summary>
    public static bool CanChangeStatus(Principal principal, Alert alert)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(alert);
        return principal.IsAdmin || alert.Partners.Contains(principal.Id, StringComparer.Ordinal);
    }

    /// <summary>The first agreement that releases <paramref name="owner"/>'s data of this kind and TLP to <paramref name="receiver"/>.</summary>
    public AgreementDefinition? FindAgreement(string owner, Principal receiver, string kind, Tlp tlp)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        if (receiver.IsAdmin || tlp >= Tlp.AmberStrict)
        {
            return null;
        }

        var ownerCountry = partners.GetValueOrDefault(owner)?.Country;
        foreach (var a in Config.Agreements)
        {
            if ((a.From == "*" || a.From == owner || a.From == ownerCountry)
                && (a.To == "*" || a.To == receiver.Id || a.To == receiver.Country)
                && a.AlertKinds.Contains(kind)
                && tlp <= a.MaxTlp)
            {
                return a;
            }
        }

        return null;
    }

    /// <summary>
    /// Which events (and rollup rows) of which owner and TLP the principal may count: its own at every label, another
    /// partner's at a label that some agreement, of any alert kind, releases to it. RED and AMBER+STRICT never.
    /// </summary>
    public RowScope EventScopeFor(Principal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.IsAdmin)
        {
            return RowScope.Operator(principal.Id);
        }

        var owners = new SortedSet<string>(StringComparer.Ordinal);
        var anyOwner = new SortedSet<string>(StringComparer.Ordinal);
        const string UnknownOwner = "\0unknown";
        foreach (var tlp in ShareableTlps)
        {
            foreach (var kind in Kinds)
            {
                foreach (var owner in partners.Keys.Where(o => o != principal.Id))
                {
                    if (FindAgreement(owner, principal, kind, tlp) is not null)
                    {
                        owners.Add($"{owner}|{tlp.ToName()}");
                    }
                }

                if (FindAgreement(UnknownOwner, principal, kind, tlp) is not null)
                {
                    anyOwner.Add(tlp.ToName());
                }
            }
        }

        return new RowScope(false, principal.Id, owners.ToArray(), anyOwner.ToArray());
    }

    /// <summary>The principal's visibility as parameters for a store query.</summary>
    public AlertScope ScopeFor(Principal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.IsAdmin)
        {
            return new AlertScope(true, principal.Id, [], [], true);
        }

        List<string> allowed = [];
        List<string> anyOwner = [];
        var clear = true;
        // An owner id no configured partner has: only agreements from '*' match it.
        const string UnknownOwner = "\0unknown";
        foreach (var kind in Kinds)
        {
            foreach (var tlp in ShareableTlps)
            {
                foreach (var owner in partners.Keys.Where(o => o != principal.Id))
                {
                    if (FindAgreement(owner, principal, kind, tlp) is { } agreement)
                    {
                        allowed.Add($"{owner}|{kind}|{tlp.ToName()}");
                        clear &= agreement.IndicatorInClear;
                    }
                }

                if (FindAgreement(UnknownOwner, principal, kind, tlp) is { } any)
                {
                    anyOwner.Add($"{kind}|{tlp.ToName()}");
                    clear &= any.IndicatorInClear;
                }
            }
        }

        return new AlertScope(false, principal.Id, allowed, anyOwner, clear);
    }
}
