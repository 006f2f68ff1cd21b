using CyberAgg.Events;
using static CyberAgg.Agent.Parsing.Sensors.SensorFields;

namespace CyberAgg.Agent.Parsing.Sensors;

/// <summary>
/// Zeek JSON logs (<c>LogAscii::use_json=T</c>) onto ECS: event time from <c>ts</c> (epoch seconds or ISO 8601),
/// <c>id.orig_h</c>/<c>id.resp_h</c> and ports, and per log the DNS query, HTTP URL, TLS server name, file hashes,
/// notices and weirds. The log comes from <c>_path</c> when present, else from the fields that only it has.
/// </summary>
internal static class ZeekLogs
{
    /// <summary>A Zeek record has <c>ts</c> and one of Zeek's identifying fields.</summary>
    public static bool Looks(SecurityEvent evt) =>
        Has(evt, "ts") && (Has(evt, "uid") || Has(evt, "_path") || Has(evt, "id.orig_h") || Has(evt, "fuid") || Has(evt, "note"));

    /// <summary>Maps the record; leaves <see cref="SecurityEvent.Timestamp"/> unset when <c>ts</c> is unreadable.</summary>
    public static void Apply(SecurityEvent evt)
    {
        var log = LogOf(evt);
        evt.Attributes[Dataset] = "zeek." + log;
        if (evt.Timestamp == default && TryParseTime(Get(evt, "ts"), out var time))
        {
            evt.Timestamp = time;
        }

        CopyIp(evt, "id.orig_h", EcsField.SourceIp);
        CopyIp(evt, "id.resp_h", EcsField.DestinationIp);
        Copy(evt, "id.orig_p", EcsField.SourcePort);
        Copy(evt, "id.resp_p", EcsField.DestinationPort);
        SetTransport(evt, Get(evt, "proto"));
        Alias(evt, "uid", "zeek.session_id");
        Alias(evt, "community_id", "network.community_id");
        evt.Kind ??= "event";
        switch (log)
        {
            case "conn":
                evt.Category ??= "network";
                Alias(evt, "service", "network.protocol");
                Alias(evt, "orig_bytes", "source.bytes");
                Alias(evt, "resp_bytes", "destination.bytes");
                Alias(evt, "duration", "event.duration_seconds");
                SetIfAbsent(evt, EcsField.EventAction, Get(evt, "conn_state"));
                break;
            case "dns":
                evt.Category ??= "network";
                SetIfAbsent(evt, EcsField.DnsQuestionName, Get(evt, "query"));
                SetIfAbsent(evt, EcsField.EventAction, "dns_query");
                Alias(evt, "qtype_name", "dns.question.type");
                Alias(evt, "rcode_name", "dns.response_code");
                Alias(evt, "answers", "dns.answers.data");
                break;
            case "http":
                evt.Category ??= "network";
                var host = Get(evt, "host");
                SetIfAbsent(evt, EcsField.UrlDomain, host);
                SetIfAbsent(evt, EcsField.UrlFull, Url("http", host, Get(evt, "id.resp_p"), Get(evt, "uri"), 80));
                Alias(evt, "uri", "url.original");
                Alias(evt, "method", "http.request.method");
                Alias(evt, "status_code", "http.response.status_code");
                Alias(evt, "user_agent", "user_agent.original");
                Alias(evt, "referrer", "http.request.referrer");
                SetIfAbsent(evt, EcsField.EventAction, Get(evt, "method"));
                break;
            case "ssl":
                evt.Category ??= "network";
                SetIfAbsent(evt, EcsField.UrlDomain, Get(evt, "server_name"));
                Alias(evt, "server_name", "tls.client.server_name");
                Alias(evt, "version", "tls.version_protocol");
                Alias(evt, "cipher", "tls.cipher");
                Alias(evt, "subject", "tls.server.subject");
                Alias(evt, "issuer", "tls.server.issuer");
                Alias(evt, "ja3", "tls.client.ja3");
                Alias(evt, "ja3s", "tls.server.ja3s");
                break;
            case "files":
                evt.Category ??= "file";
                ApplyFile(evt);
                break;
            case "notice":
                evt.Kind = "alert";
                evt.Category ??= "intrusion_detection";
                CopyIp(evt, "src", EcsField.SourceIp);
                CopyIp(evt, "dst", EcsField.DestinationIp);
                if (evt.DestinationPort is null)
                {
                    Copy(evt, "p", EcsField.DestinationPort);
                }

                SetIfAbsent(evt, EcsField.EventAction, Get(evt, "note"));
                Alias(evt, "note", "rule.name");
                evt.Message ??= Get(evt, "msg");
                evt.Severity ??= 6;
                break;
            case "weird":
                evt.Category ??= "network";
                var name = Get(evt, "name");
                SetIfAbsent(evt, EcsField.EventAction, name);
                evt.Message ??= Get(evt, "addl") is { } addl ? $"{name}: {addl}" : name;
                break;
            default:
                evt.Category ??= "network";
                break;
        }
    }

    private static string LogOf(SecurityEvent evt)
    {
        if (Get(evt, "_path") is { } path)
        {
            return path;
        }

        if (Has(evt, "note"))
        {
            return "notice";
        }

        if (Has(evt, "conn_state") || Has(evt, "history") || Has(evt, "orig_pkts"))
        {
            return "conn";
        }

        if (Has(evt, "query") || Has(evt, "qtype_name") || Has(evt, "trans_id"))
        {
            return "dns";
        }

        if (Has(evt, "method") || Has(evt, "uri") || Has(evt, "status_code") || Has(evt, "trans_depth"))
        {
            return "http";
        }

        if (Has(evt, "server_name") || Has(evt, "cipher") || Has(evt, "ssl_history") || Has(evt, "established"))
        {
            return "ssl";
        }

        if (Has(evt, "fuid"))
        {
            return "files";
        }

        return Has(evt, "name") ? "weird" : "unknown";
    }

    private static void ApplyFile(SecurityEvent evt)
    {
        // Zeek before 5.0 has no id.* in files.log: the hosts that sent and received the file stand in.
        CopyIp(evt, "tx_hosts", EcsField.SourceIp);
        CopyIp(evt, "rx_hosts", EcsField.DestinationIp);
        SetIfAbsent(evt, EcsField.FileHashSha256, Hash(Get(evt, "sha256"), 64));
        AliasValue(evt, Hash(Get(evt, "md5"), 32), "file.hash.md5");
        AliasValue(evt, Hash(Get(evt, "sha1"), 40), "file.hash.sha1");

        SetIfAbsent(evt, EcsField.FileName, Get(evt, "filename"));
        Alias(evt, "mime_type", "file.mime_type");
        Alias(evt, "total_bytes", "file.size");
        Alias(evt, "fuid", "zeek.files.fuid");
    }
}
