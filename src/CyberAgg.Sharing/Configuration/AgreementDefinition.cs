using CyberAgg.Events;

namespace CyberAgg.Sharing.Configuration;

/// <summary>
/// One sharing agreement: alerts carrying data of <see cref="From"/> may reach <see cref="To"/> when their kind is
/// listed and their TLP is at most <see cref="MaxTlp"/>, with <see cref="Pseudonymise"/> replaced by keyed pseudonyms.
/// </summary>
/// <param name="Id">Unique; recorded in the audit trail of every release it allows.</param>
/// <param name="From">A partner id, a country code, or <c>*</c>.</param>
/// <param name="To">A partner id, a country code, or <c>*</c>.</param>
/// <param name="AlertKinds">The <see cref="CyberAgg.Events.Alerts.AlertKinds"/> shared; empty never happens (validated).</param>
/// <param name="MaxTlp">The most restrictive label shared: CLEAR, GREEN or AMBER.</param>
/// <param name="Pseudonymise">The personal fields replaced by pseudonyms.</param>
/// <param name="IndicatorInClear">Whether the indicator of a cross-border alert stays readable (the default).</param>
/// <param name="Key">The pseudonymisation key; null only when nothing is pseudonymised.</param>
public sealed record AgreementDefinition(
    string Id,
    string From,
    string To,
    IReadOnlySet<string> AlertKinds,
    Tlp MaxTlp,
    PersonalFields Pseudonymise,
    bool IndicatorInClear,
    PseudonymKey? Key)
{
    /// <summary>
    /// False (the default, <c>pseudonyms: per_recipient</c>): each recipient's pseudonyms come from its own key derived
    /// from <see cref="Key"/>, so two recipients cannot confirm a guess by comparing theirs. True (<c>shared</c>): one
    /// pseudonym per value for every recipient of the agreement.
    /// </summary>
    public bool SharedPseudonyms { get; init; }
}
