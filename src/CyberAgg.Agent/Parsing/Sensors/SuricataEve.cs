using CyberAgg.Events;
using static CyberAgg.Agent.Parsing.Sensors.SensorFields;

namespace CyberAgg.Agent.Parsing.Sensors;

/// <summary>
/// Suricata EVE JSON (<c>eve.json</c>) onto ECS, after the generic JSON flattening: event time from
/// <c>timestamp</c>, the five-tuple, and per <c>event_type</c> the alert's rule and severity, the DNS question, the
/// HTTP URL, the TLS SNI and file hashes. The original fields stay attributes under their EVE names.
/// </summary>
internal static class SuricataEve
{
    public const string DatasetName = "suricata.eve";

    /// <summary>An EVE record has both <c>event_type</c> and <c>timestamp</c>.</summary>
    public static bool Looks(SecurityEvent evt) => Has(evt, "event_type") && Has(evt, "timestamp");

    /// <summary>Maps the record; leaves <see cref="SecurityEvent.Timestamp"/> unset when <c>timestamp</c> is unreadable.</summary>
    public static void Apply(SecurityEvent evt)
    {
        // The originals read once: each name below is an index, not a dictionary lookup (EveFields).
        var f = EveFields.Current.Load(evt);
        var type = f[EveKey.EventType] ?? "unknown";
        evt.Attributes[Dataset] = DatasetName;
        if (evt.Timestamp == default && TryParseTime(f[EveKey.Timestamp], out var time))
        {
            evt.Timestamp = time;
        }

        CopyIpValue(evt, f[EveKey.SrcIp], EcsField.SourceIp);
        CopyIpValue(evt, f[EveKey.DestIp], EcsField.DestinationIp);
        CopyValue(evt, f[EveKey.SrcPort], EcsField.SourcePort);
        CopyValue(evt, f[EveKey.DestPort], EcsField.DestinationPort);
        SetTransport(evt, f[EveKey.Proto]);
        AliasValue(evt, f[EveKey.AppProto], "network.protocol");
        AliasValue(evt, f[EveKey.FlowId], "network.community_id.flow_id");
        AliasValue(evt, f[EveKey.CommunityId], "network.community_id");
        AliasValue(evt, f[EveKey.InIface], "observer.ingress.interface.name");
        evt.Kind ??= type == "stats" ? "metric" : "event";
        switch (type)
        {
            case "alert":
                ApplyAlert(evt, f);
                break;
            case "anomaly":
                evt.Category ??= "network";
                var what = f[EveKey.AnomalyEvent] ?? f[EveKey.AnomalyCode];
                SetIfAbsent(evt, EcsField.EventAction, what);
                evt.Message ??= $"{f[EveKey.AnomalyType] ?? "anomaly"}: {what ?? "unknown"}";
                break;
            case "dns":
                evt.Category ??= "network";
                SetIfAbsent(evt, EcsField.EventAction, f[EveKey.DnsType] is { } dnsType ? "dns_" + dnsType : null);
                SetIfAbsent(evt, EcsField.DnsQuestionName, f[EveKey.DnsRrname]
                    ?? FirstObjectProperty(f[EveKey.DnsQueries], "rrname") ?? FirstObjectProperty(f[EveKey.DnsQuery], "rrname"));
                AliasValue(evt, f[EveKey.DnsRrtype], "dns.question.type");
                AliasValue(evt, f[EveKey.DnsRcode], "dns.response_code");
                break;
            case "flow":
            case "netflow":
                evt.Category ??= "network";
                AliasValue(evt, f[EveKey.FlowBytesToServer], "source.bytes");
                AliasValue(evt, f[EveKey.FlowBytesToClient], "destination.bytes");
                AliasValue(evt, f[EveKey.FlowPktsToServer], "source.packets");
                AliasValue(evt, f[EveKey.FlowPktsToClient], "destination.packets");
                AliasValue(evt, f[EveKey.FlowStart], "event.start");
                AliasValue(evt, f[EveKey.FlowEnd], "event.end");
                SetIfAbsent(evt, EcsField.EventAction, f[EveKey.FlowState]);
                break;
            case "fileinfo":
                evt.Category ??= "file";
                ApplyFile(evt, f);
                break;
            default:
                evt.Category ??= "network";
                break;
        }

        // HTTP, TLS and DNS objects also ride on alert and fileinfo records.
        ApplyHttp(evt, f);
        ApplyTls(evt, f);
    }

    private static void ApplyAlert(SecurityEvent evt, EveFields f)
    {
        evt.Kind = "alert";
        evt.Category ??= "intrusion_detection";
        SetIfAbsent(evt, EcsField.EventAction, f[EveKey.AlertAction]);
        AliasValue(evt, f[EveKey.AlertSignatureId], "rule.id");
        AliasValue(evt, f[EveKey.AlertSignature], "rule.name");
        AliasValue(evt, f[EveKey.AlertCategory], "rule.category");
        AliasValue(evt, f[EveKey.AlertRev], "rule.version");
        AliasValue(evt, f[EveKey.AlertGid], "rule.ruleset_gid");
        evt.Message ??= f[EveKey.AlertSignature];

        // Suricata's priority runs 1 (high) to 4; event.severity runs 0–10, higher is worse.
        evt.Severity ??= f[EveKey.AlertSeverity] switch
        {
            "1" => 8,
            "2" => 5,
            "3" => 3,
            "4" => 1,
            _ => null,
        };
        if (FirstOf(f[EveKey.AlertMitreTechniqueId]) is { } technique)
        {
            SetIfAbsent(evt, EcsField.ThreatTechniqueId, technique);
        }
    }

    private static void ApplyHttp(SecurityEvent evt, EveFields f)
    {
        var host = f[EveKey.HttpHostname];
        if (host is null && f[EveKey.HttpUrl] is null)
        {
            return;
        }

        SetIfAbsent(evt, EcsField.UrlDomain, host);
        SetIfAbsent(evt, EcsField.UrlFull, Url("http", host, f[EveKey.HttpPort], f[EveKey.HttpUrl], 80));
        AliasValue(evt, f[EveKey.HttpUrl], "url.original");
        AliasValue(evt, f[EveKey.HttpMethod], "http.request.method");
        AliasValue(evt, f[EveKey.HttpStatus], "http.response.status_code");
        AliasValue(evt, f[EveKey.HttpUserAgent], "user_agent.original");
        AliasValue(evt, f[EveKey.HttpRefer], "http.request.referrer");
    }

    private static void ApplyTls(SecurityEvent evt, EveFields f)
    {
        var sni = f[EveKey.TlsSni];
        if (sni is null && f[EveKey.TlsVersion] is null)
        {
            return;
        }

        SetIfAbsent(evt, EcsField.UrlDomain, sni);
        AliasValue(evt, f[EveKey.TlsSni], "tls.client.server_name");
        AliasValue(evt, f[EveKey.TlsVersion], "tls.version_protocol");
        AliasValue(evt, f[EveKey.TlsSubject], "tls.server.subject");
        AliasValue(evt, f[EveKey.TlsIssuerDn], "tls.server.issuer");
        AliasValue(evt, f[EveKey.TlsFingerprint], "tls.server.hash.sha1");
        AliasValue(evt, f[EveKey.TlsJa3Hash], "tls.client.ja3");
        AliasValue(evt, f[EveKey.TlsJa3sHash], "tls.server.ja3s");
    }

    private static void ApplyFile(SecurityEvent evt, EveFields f)
    {
        var path = f[EveKey.FileName];
        if (path is not null)
        {
            evt.Attributes["file.path"] = path;
            var slash = path.LastIndexOf('/');
            SetIfAbsent(evt, EcsField.FileName, slash >= 0 && slash < path.Length - 1 ? path[(slash + 1)..] : path);
        }

        SetIfAbsent(evt, EcsField.FileHashSha256, Hash(f[EveKey.FileSha256], 64));
        AliasValue(evt, Hash(f[EveKey.FileMd5], 32), "file.hash.md5");
        AliasValue(evt, Hash(f[EveKey.FileSha1], 40), "file.hash.sha1");

        AliasValue(evt, f[EveKey.FileSize], "file.size");
        AliasValue(evt, f[EveKey.FileMagic], "file.type");
        SetIfAbsent(evt, EcsField.EventAction, f[EveKey.FileState]);
    }
}
