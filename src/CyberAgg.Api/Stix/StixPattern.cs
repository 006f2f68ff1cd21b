using System.Net;
using System.Net.Sockets;
using CyberAgg.Events.Alerts;

namespace CyberAgg.Api.Stix;

/// <summary>Builds the STIX pattern of an alert's indicator from its group fields, with values escaped per the patterning grammar.</summary>
internal static class StixPattern
{
    public static string For(Alert alert)
    {
        var terms = new List<string>();
        foreach (var (field, value) in alert.GroupFields)
        {
            terms.Add(Term(field, value));
        }

        if (terms.Count == 0)
        {
            terms.Add($"x-cyberagg-alert:rule_id = '{Escape(alert.RuleId)}'");
        }

        return "[" + string.Join(" AND ", terms) + "]";
    }

    private static string Term(string field, string value)
    {
        var f = field.ToLowerInvariant();
        if (f.EndsWith("ip", StringComparison.Ordinal) && IPAddress.TryParse(value, out var ip))
        {
            return ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"ipv6-addr:value = '{Escape(value)}'" : $"ipv4-addr:value = '{Escape(value)}'";
        }

        return f switch
        {
            "dns.question.name" or "url.domain" or "domain" or "destination.domain" => $"domain-name:value = '{Escape(value)}'",
            "url.full" or "url" => $"url:value = '{Escape(value)}'",
            "file.hash.sha256" => $"file:hashes.'SHA-256' = '{Escape(value)}'",
            "file.name" => $"file:name = '{Escape(value)}'",
            "user.name" => $"user-account:account_login = '{Escape(value)}'",
            // Pseudonyms and fields without a STIX observable type stay queryable under a custom object.
            _ => $"x-cyberagg-indicator:value = '{Escape(value)}'",
        };
    }

    public static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);
}
