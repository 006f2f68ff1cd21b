using CyberAgg.Events.Alerts;
using CyberAgg.Sharing.Policy;
using CyberAgg.Storage.Tables;

namespace CyberAgg.Api.Alerts;

/// <summary>One alert as the API returns it (snake_case JSON): the caller's view, plus status and, for owners, the assignee.</summary>
public sealed record AlertItem(
    string AlertId,
    string RuleId,
    string RuleTitle,
    string Level,
    string Kind,
    DateTimeOffset RaisedAt,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    string GroupKey,
    IReadOnlyDictionary<string, string> GroupFields,
    IReadOnlyList<string> Countries,
    IReadOnlyList<string> Partners,
    long EventCount,
    string Tlp,
    string Status,
    string? Assignee,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<string> Agreements)
{
    /// <summary>Builds the item; the assignee (an analyst's name) is personal data of the owners, so foreign viewers do not get it.</summary>
    public static AlertItem From(AlertRelease release, StoredAlert stored, Principal caller)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(caller);
        Alert a = release.Alert;
        var owner = SharingPolicy.CanChangeStatus(caller, stored.Alert);
        return new AlertItem(a.AlertId, a.RuleId, a.RuleTitle, a.Level, a.Kind, a.RaisedAt, a.FirstSeen, a.LastSeen,
            a.GroupKey.Replace('\u001f', '|'), a.GroupFields, a.Countries, a.Partners, a.EventCount, a.Tlp, stored.Alert.Status,
            owner ? stored.Assignee : null, stored.UpdatedAt, release.AgreementIds);
    }
}
