using CyberAgg.Events;
using CyberAgg.Agent.Parsing.Sensors;
using static CyberAgg.Agent.Parsing.Sensors.SensorFields;

namespace CyberAgg.Agent.Tests.Parsing.Sensors;

/// <summary>
/// The model for <see cref="SuricataEve"/>: its mapping as it was before <see cref="EveFields"/>, reading every name
/// from the attribute dictionary at the moment it is needed. Kept verbatim; only the name of the class differs.
/// Suricata EVE JSON (<c>eve.json</c>) onto ECS, after the generic JSON flattening: event time from
/// <c>timestamp</c>, the five-tuple, and per <c>event_type</c> the alert's rule and severity, the DNS question, the
/// HTTP URL, the TLS SNI and file hashes. The original fields stay attributes under their EVE names.
/// </summary>
internal static class SuricataEveModel
{
    /// <summary>Maps the record; leaves <see cref="SecurityEvent.Timestamp"/> unset when <c>timestamp</c> is unreadable.</summary>
    public static void Apply(SecurityEvent evt)
    {
        var type = Get(evt, "event_type") ?? "unknown";
        evt.Attributes[Dataset] = SuricataEve.DatasetName;
        if (evt.Timestamp == default && TryParseTime(Get(evt, "timestamp"), out var time))
        {
            evt.Timestamp = time;
        }

        CopyIp(evt, "src_ip", EcsField.SourceIp);
        CopyIp(evt, "dest_ip", EcsField.DestinationIp);
        Copy(evt, "src_port", EcsField.SourcePort);
        Copy(evt, "dest_port", EcsField.DestinationPort);
        SetTransport(evt, Get(evt, "proto"));
        Alias(evt, "app_proto", "network.protocol");
        Alias(evt, "flow_id", "network.community_id.flow_id");
        Alias(evt, "community_id", "network.community_id");
        Alias(evt, "in_iface", "observer.ingress.interface.name");
        evt.Kind ??= type == "stats" ? "metric" : "event";
        switch (type)
        {
            case "alert":
                ApplyAlert(evt);
                break;
            case "anomaly":
                evt.Category ??= "network";
                var what = Get(evt, "anomaly.event") ?? Get(evt, "anomaly.code");
                SetIfAbsent(evt, EcsField.EventAction, what);
                evt.Message ??= $"{Get(evt, "anomaly.type") ?? "anomaly"}: {what ?? "unknown"}";
                break;
            case "dns":
                evt.Category ??= "network";
                SetIfAbsent(evt, EcsField.EventAction, Get(evt, "dns.type") is { } dnsType ? "dns_" + dnsType : null);
                SetIfAbsent(evt, EcsField.DnsQuestionName, Get(evt, "dns.rrname")
                    ?? FirstObjectProperty(Get(evt, "dns.queries"), "rrname") ?? FirstObjectProperty(Get(evt, "dns.query"), "rrname"));
                Alias(evt, "dns.rrtype", "dns.question.type");
                Alias(evt, "dns.rcode", "dns.response_code");
                break;
            case "flow":
            case "netflow":
                evt.Category ??= "network";
                Alias(evt, "flow.bytes_toserver", "source.bytes");
                Alias(evt, "flow.bytes_toclient", "destination.bytes");
                Alias(evt, "flow.pkts_toserver", "source.packets");
                Alias(evt, "flow.pkts_toclient", "destination.packets");
                Alias(evt, "flow.start", "event.start");
                Alias(evt, "flow.end", "event.end");
                SetIfAbsent(evt, EcsField.EventAction, Get(evt, "flow.state"));
                break;
            case "fileinfo":
                evt.Category ??= "file";
                ApplyFile(evt);
                break;
            default:
                evt.Category ??= "network";
                break;
        }

        // HTTP, TLS and DNS objects also ride on alert and fileinfo records.
        ApplyHttp(evt);
        ApplyTls(evt);
    }

    private static void ApplyAlert(SecurityEvent evt)
    {
        evt.Kind = "alert";
        evt.Category ??= "intrusion_detection";
        SetIfAbsent(evt, EcsField.EventAction, Get(evt, "alert.action"));
        Alias(evt, "alert.signature_id", "rule.id");
        Alias(evt, "alert.signature", "rule.name");
        Alias(evt, "alert.category", "rule.category");
        Alias(evt, "alert.rev", "rule.version");
        Alias(evt, "alert.gid", "rule.ruleset_gid");
        evt.Message ??= Get(evt, "alert.signature");

        // Suricata's priority runs 1 (high) to 4; event.severity runs 0–10, higher is worse.
        evt.Severity ??= Get(evt, "alert.severity") switch
        {
            "1" => 8,
            "2" => 5,
            "3" => 3,
            "4" => 1,
            _ => null,
        };
        if (FirstOf(Get(evt, "alert.metadata.mitre_technique_id")) is { } technique)
        {
            SetIfAbsent(evt, EcsField.ThreatTechniqueId, technique);
        }
    }

    private static void ApplyHttp(SecurityEvent evt)
    {
        var host = Get(evt, "http.hostname");
        if (host is null && Get(evt, "http.url") is null)
        {
            return;
        }

        SetIfAbsent(evt, EcsField.UrlDomain, host);
        SetIfAbsent(evt, EcsField.UrlFull, Url("http", host, Get(evt, "http.http_port"), Get(evt, "http.url"), 80));
        Alias(evt, "http.url", "url.original");
        Alias(evt, "http.http_method", "http.request.method");
        Alias(evt, "http.status", "http.response.status_code");
        Alias(evt, "http.http_user_agent", "user_agent.original");
        Alias(evt, "http.http_refer", "http.request.referrer");
    }

    private static void ApplyTls(SecurityEvent evt)
    {
        var sni = Get(evt, "tls.sni");
        if (sni is null && Get(evt, "tls.version") is null)
        {
            return;
        }

        SetIfAbsent(evt, EcsField.UrlDomain, sni);
        Alias(evt, "tls.sni", "tls.client.server_name");
        Alias(evt, "tls.version", "tls.version_protocol");
        Alias(evt, "tls.subject", "tls.server.subject");
        Alias(evt, "tls.issuerdn", "tls.server.issuer");
        Alias(evt, "tls.fingerprint", "tls.server.hash.sha1");
        Alias(evt, "tls.ja3.hash", "tls.client.ja3");
        Alias(evt, "tls.ja3s.hash", "tls.server.ja3s");
    }

    private static void ApplyFile(SecurityEvent evt)
    {
        var path = Get(evt, "fileinfo.filename");
        if (path is not null)
        {
            evt.Attributes["file.path"] = path;
            var slash = path.LastIndexOf('/');
            SetIfAbsent(evt, EcsField.FileName, slash >= 0 && slash < path.Length - 1 ? path[(slash + 1)..] : path);
        }

        SetIfAbsent(evt, EcsField.FileHashSha256, Hash(Get(evt, "fileinfo.sha256"), 64));
        if (Hash(Get(evt, "fileinfo.md5"), 32) is { } md5)
        {
            evt.Attributes["file.hash.md5"] = md5;
        }

        if (Hash(Get(evt, "fileinfo.sha1"), 40) is { } sha1)
        {
            evt.Attributes["file.hash.sha1"] = sha1;
        }

        Alias(evt, "fileinfo.size", "file.size");
        Alias(evt, "fileinfo.magic", "file.type");
        SetIfAbsent(evt, EcsField.EventAction, Get(evt, "fileinfo.state"));
    }
}
