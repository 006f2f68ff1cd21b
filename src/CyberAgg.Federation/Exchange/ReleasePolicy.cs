using CyberAgg.Events;

namespace CyberAgg.Federation.Exchange;

/// <summary>
/// The owner node's decision on a request for the clear value behind one of its tokens, by its release agreements:
/// TLP:RED is never released; AMBER+STRICT only to a node an agreement names by id (a country or <c>*</c> is not
/// enough); anything else to a node an agreement names, by id, country or <c>*</c>, for the kind, up to its max TLP.
/// The first agreement in file order that allows it decides. No agreement: refused.
/// </summary>
internal sealed class ReleasePolicy
{
    private readonly IReadOnlyList<(ReleaseAgreementOptions Options, Tlp MaxTlp)> agreements;
    private readonly IReadOnlyDictionary<string, string> countries;

    public ReleasePolicy(FederationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        agreements = options.ReleaseAgreements.Select(a => (a, TlpNames.ParseOrRed(a.MaxTlp))).ToList();
        countries = options.Members.ToDictionary(m => m.Node, m => m.Country, StringComparer.Ordinal);
    }

    public ReleaseDecision Decide(string requester, OwnIndicator? own)
    {
        if (own is null)
        {
            // Never seen here, or forgotten (two epochs behind): nothing to release, and no hint which.
            return ReleaseDecision.Refuse(ExchangeReasons.UnknownToken);
        }

        var tlp = own.Tlp.ToName();
        if (own.Tlp == Tlp.Red)
        {
            return ReleaseDecision.Refuse(ExchangeReasons.TlpRed, tlp, own.Kind);
        }

        var country = countries.GetValueOrDefault(requester);
        var strictButUnnamed = false;
        foreach (var (a, max) in agreements)
        {
            var byId = a.To.Contains(requester, StringComparer.Ordinal);
            var matches = byId || a.To.Contains("*", StringComparer.Ordinal) || (country is not null && a.To.Contains(country, StringComparer.Ordinal));
            if (!matches || own.Tlp > max || !(a.Kinds.Contains("*", StringComparer.Ordinal) || a.Kinds.Contains(own.Kind, StringComparer.Ordinal)))
            {
                continue;
            }

            if (own.Tlp == Tlp.AmberStrict && !byId)
            {
                strictButUnnamed = true;
                continue;
            }

            return new ReleaseDecision(true, ExchangeReasons.Allowed, a.Id, tlp, own.Kind);
        }

        return ReleaseDecision.Refuse(strictButUnnamed ? ExchangeReasons.AmberStrictNotNamed : ExchangeReasons.NoAgreement, tlp, own.Kind);
    }
}
