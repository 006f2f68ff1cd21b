using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using CyberAgg.Events;

namespace CyberAgg.Agent.Parsing.Sensors;

/// <summary>
/// The EVE originals of one record, read from its attributes in one pass: the mapping asks for some 30 names per record,
/// about half of them absent, and each dictionary lookup hashed and compared a name. Here each attribute name is
/// matched once, by reference through a small per-thread cache (the JSON parser hands out the same name instance on
/// every line) and by text only when the cache has not seen that instance.
/// </summary>
/// <remarks>
/// A snapshot: <see cref="SuricataEve"/> writes only ECS names, never one of <see cref="Names"/>, so reading the
/// snapshot gives what reading the dictionary at each step gave. One instance per thread; not thread-safe.
/// </remarks>
internal sealed class EveFields
{
    /// <summary>The EVE name of each <see cref="EveKey"/>, in its order.</summary>
    public static readonly string[] Names =
    [
        "event_type", "timestamp", "src_ip", "dest_ip", "src_port", "dest_port", "proto", "app_proto", "flow_id",
        "community_id", "in_iface", "anomaly.event", "anomaly.code", "anomaly.type", "dns.type", "dns.rrname",
        "dns.queries", "dns.query", "dns.rrtype", "dns.rcode", "flow.bytes_toserver", "flow.bytes_toclient",
        "flow.pkts_toserver", "flow.pkts_toclient", "flow.start", "flow.end", "flow.state", "alert.action",
        "alert.signature_id", "alert.signature", "alert.category", "alert.rev", "alert.gid", "alert.severity",
        "alert.metadata.mitre_technique_id", "http.hostname", "http.url", "http.http_port", "http.http_method",
        "http.status", "http.http_user_agent", "http.http_refer", "tls.sni", "tls.version", "tls.subject",
        "tls.issuerdn", "tls.fingerprint", "tls.ja3.hash", "tls.ja3s.hash", "fileinfo.filename", "fileinfo.sha256",
        "fileinfo.md5", "fileinfo.sha1", "fileinfo.size", "fileinfo.magic", "fileinfo.state",
    ];

    private const int CacheSize = 1024;
    private const int NotEve = -1;
    private static readonly FrozenDictionary<string, int> Keys = Names.Select((name, i) => (name, i)).ToFrozenDictionary(p => p.name, p => p.i, StringComparer.Ordinal);

    [ThreadStatic]
    private static EveFields? t_current;

    private readonly string?[] _values = new string?[Names.Length];
    private readonly Entry[] _cache = new Entry[CacheSize];

    public static EveFields Current => t_current ??= new EveFields();

    /// <summary>The attribute of that name when present and not empty (as <see cref="SensorFields.Get"/>), else null.</summary>
    public string? this[EveKey key] => _values[(int)key];

    /// <summary>Takes the snapshot of <paramref name="evt"/>'s attributes, replacing the previous record's.</summary>
    public EveFields Load(SecurityEvent evt)
    {
        Array.Clear(_values);
        if (evt.AttributeCount == 0)
        {
            return this;
        }

        foreach (var (name, value) in evt.Attributes)
        {
            var slot = Slot(name);
            if (slot != NotEve && value.Length > 0)
            {
                _values[slot] = value;
            }
        }

        return this;
    }

    private int Slot(string name)
    {
        ref var entry = ref _cache[RuntimeHelpers.GetHashCode(name) & (CacheSize - 1)];
        if (!ReferenceEquals(entry.Name, name))
        {
            entry = new Entry(name, Keys.TryGetValue(name, out var key) ? key : NotEve);
        }

        return entry.Key;
    }

    private readonly record struct Entry(string? Name, int Key);
}
