using CyberAgg.Storage.Tables;
using CyberAgg.Events;
using CyberAgg.Events.Alerts;
using CyberAgg.Sharing.Configuration;

namespace CyberAgg.Sharing.Policy;

public sealed partial class SharingPolicy
{
    private const char GroupKeySeparator = '\u001f';

    /// <summary>What of <paramref name="alert"/> <paramref name="to"/> may see, or null when nothing.</summary>
    public AlertRelease? Release(Principal to, Alert alert)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(alert);
        if (to.IsAdmin)
        {
            return new AlertRelease(alert, [], []);
        }

        // An alert nobody owns, or with a label we cannot read, fails closed.
        if (alert.Partners.Count == 0)
        {
            return null;
        }

        var foreign = alert.Partners.Where(p => p != to.Id).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (foreign.Length == 0)
        {
            return new AlertRelease(alert, [], []);
        }

        var tlp = TlpNames.ParseOrRed(alert.Tlp);
        if (tlp >= Tlp.AmberStrict)
        {
            return null;
        }

        var agreements = new List<AgreementDefinition>(foreign.Length);
        foreach (var owner in foreign)
        {
            var agreement = FindAgreement(owner, to, alert.Kind, tlp);
            if (agreement is null)
            {
                return null;
            }

            agreements.Add(agreement);
        }

        var view = PseudonymiseGroup(alert, agreements, to.Id);
        return new AlertRelease(
            view,
            agreements.Select(a => a.Id).Distinct(StringComparer.Ordinal).ToArray(),
            agreements.Where(a => a.Key is not null).Select(a => a.Key!.Id).Distinct(StringComparer.Ordinal).ToArray());
    }

    /// <summary>What of one evidence event <paramref name="to"/> may see in an alert of <paramref name="alertKind"/>, or null.</summary>
    public EvidenceEvent? ReleaseEvent(Principal to, string alertKind, EvidenceEvent e)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(e);
        if (to.IsAdmin || e.Partner == to.Id)
        {
            return e;
        }

        var tlp = TlpNames.ParseOrRed(e.Tlp);
        if (FindAgreement(e.Partner, to, alertKind, tlp) is not { } agreement)
        {
            return null;
        }

        var fields = agreement.Pseudonymise;
        var key = KeyFor(agreement, to.Id);
        return e with
        {
            UserName = Mask(e.UserName, fields.HasFlag(PersonalFields.UserName), key, Pseudonymiser.UserClass),
            HostName = Mask(e.HostName, fields.HasFlag(PersonalFields.HostName), key, Pseudonymiser.HostClass),
            // Sensor names describe the owner's network as much as host names do.
            ObserverName = Mask(e.ObserverName, fields.HasFlag(PersonalFields.HostName), key, Pseudonymiser.HostClass),
            SourceIp = MaskIp(e.SourceIp, fields, PersonalFields.SourceIp, key),
            DestinationIp = MaskIp(e.DestinationIp, fields, PersonalFields.DestinationIp, key),
            Message = null,
            CommandLine = null,
            AgreementId = agreement.Id,
        };
    }

    private PseudonymKey? KeyFor(AgreementDefinition agreement, string recipient) =>
        agreement.Key is null || agreement.SharedPseudonyms
            ? agreement.Key
            : recipientKeys.GetOrAdd((agreement.Key, recipient), k => Pseudonymiser.ForRecipient(k.Key, k.Recipient));

    private Alert PseudonymiseGroup(Alert alert, List<AgreementDefinition> agreements, string recipient)
    {
        if (alert.GroupFields.Count == 0)
        {
            return alert;
        }

        var clearIndicator = alert.Kind == AlertKinds.CrossBorder && agreements.TrueForAll(a => a.IndicatorInClear);
        var everything = alert.Kind == AlertKinds.CrossBorder && !clearIndicator;
        var replaced = new Dictionary<string, string>(StringComparer.Ordinal);
        var fields = new Dictionary<string, string>(alert.GroupFields.Count, StringComparer.Ordinal);
        foreach (var (field, value) in alert.GroupFields)
        {
            // The most protective agreement wins: if any owner's agreement asks for a pseudonym, the value is masked.
            var masking = agreements.Find(a => a.Key is not null && (everything ? !a.IndicatorInClear : !clearIndicator && IsPersonal(field, value, a.Pseudonymise)));
            if (masking is null)
            {
                fields[field] = value;
                continue;
            }

            var pseudonym = Pseudonymiser.Pseudonymise(KeyFor(masking, recipient)!, ClassOf(field), value);
            fields[field] = pseudonym;
            replaced.TryAdd(value, pseudonym);
        }

        if (replaced.Count == 0)
        {
            return alert;
        }

        var key = string.Join(GroupKeySeparator, alert.GroupKey.Split(GroupKeySeparator).Select(part => replaced.GetValueOrDefault(part, part)));
        return alert with { GroupFields = fields, GroupKey = key };
    }

    private static bool IsPersonal(string field, string value, PersonalFields fields)
    {
        var f = field.ToLowerInvariant();
        if (f is "user.name" or "user" or "targetusername" or "subjectusername" or "username" or "user.id")
        {
            return fields.HasFlag(PersonalFields.UserName);
        }

        if (f is "host.name" or "host" or "hostname" or "computer" or "workstationname" or "observer.name")
        {
            return fields.HasFlag(PersonalFields.HostName);
        }

        return (f == "source.ip" && fields.HasFlag(PersonalFields.SourceIp))
            || (f == "destination.ip" && fields.HasFlag(PersonalFields.DestinationIp))
            || (fields.HasFlag(PersonalFields.InternalIp) && IpClassifier.IsInternal(value));
    }

    private static string ClassOf(string field)
    {
        var f = field.ToLowerInvariant();
        return f.Contains("user", StringComparison.Ordinal) ? Pseudonymiser.UserClass
            : f.Contains("host", StringComparison.Ordinal) || f is "computer" or "workstationname" || f.StartsWith("observer", StringComparison.Ordinal) ? Pseudonymiser.HostClass
            : f.EndsWith("ip", StringComparison.Ordinal) ? Pseudonymiser.IpClass
            : "value";
    }

    private static string Mask(string value, bool mask, PseudonymKey? key, string valueClass) =>
        mask && key is not null && value.Length > 0 ? Pseudonymiser.Pseudonymise(key, valueClass, value) : value;

    private static string MaskIp(string value, PersonalFields fields, PersonalFields always, PseudonymKey? key)
    {
        var mask = fields.HasFlag(always) || (fields.HasFlag(PersonalFields.InternalIp) && IpClassifier.IsInternal(value));
        return Mask(value, mask, key, Pseudonymiser.IpClass);
    }
}
