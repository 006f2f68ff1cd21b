using System.Net;

namespace CyberAgg.Agent.Sources;

/// <summary>
/// Who may send to a syslog listener: the source allowlist, and for TCP the limits on open connections, in total and
/// per source address. Thread-safe; a granted connection must be released exactly once.
/// </summary>
internal sealed class ConnectionGate(IReadOnlyList<IPNetwork> allow, int maxConnections, int maxPerSource)
{
    public const string NotAllowed = "source_not_allowed";
    public const string TooMany = "too_many_connections";
    public const string TooManyFromSource = "too_many_connections_from_source";

    private readonly Dictionary<IPAddress, int> _perSource = [];
    private int _open;

    public int Open => Volatile.Read(ref _open);

    public bool IsAllowed(IPAddress address)
    {
        if (allow.Count == 0)
        {
            return true;
        }

        var normal = Normalize(address);
        foreach (var network in allow)
        {
            if (network.Contains(normal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Admits a connection, or returns the reason it is refused.</summary>
    public string? TryEnter(IPAddress address)
    {
        if (!IsAllowed(address))
        {
            return NotAllowed;
        }

        var key = Normalize(address);
        lock (_perSource)
        {
            if (_open >= maxConnections)
            {
                return TooMany;
            }

            var count = _perSource.GetValueOrDefault(key);
            if (count >= maxPerSource)
            {
                return TooManyFromSource;
            }

            _perSource[key] = count + 1;
            _open++;
            return null;
        }
    }

    public void Leave(IPAddress address)
    {
        var key = Normalize(address);
        lock (_perSource)
        {
            var count = _perSource.GetValueOrDefault(key) - 1;
            if (count <= 0)
            {
                _perSource.Remove(key);
            }
            else
            {
                _perSource[key] = count;
            }

            _open--;
        }
    }

    // A dual-stack listener sees IPv4 senders as ::ffff:a.b.c.d; the allowlist is written in IPv4.
    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
