using System.Net;
using CyberAgg.Agent.Parsing;

namespace CyberAgg.Agent.Settings;

/// <summary>One entry of <c>inputs</c>: a file glob set, a syslog listener or stdin.</summary>
internal sealed class InputOptions
{
    /// <summary>The default syslog listen address of DESIGN §5.</summary>
    public static readonly IPEndPoint DefaultListen = new(IPAddress.Loopback, 5514);

    public required string Name { get; init; }

    public required InputType Type { get; init; }

    public InputFormat Format { get; init; } = InputFormat.Auto;

    /// <summary>File paths and globs (<c>*</c>, <c>**</c>, <c>?</c>), for <see cref="InputType.File"/>.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    public IPEndPoint Listen { get; init; } = DefaultListen;

    /// <summary>Files found with no checkpoint are read from the start (true) or only from their current end.</summary>
    public bool ReadFromBeginning { get; init; } = true;

    /// <summary>Source networks a syslog listener accepts (empty: any); others are refused and counted.</summary>
    public IReadOnlyList<IPNetwork> Allow { get; init; } = [];

    /// <summary>Most TCP connections open at once; further ones are refused and counted.</summary>
    public int MaxConnections { get; init; } = 256;

    /// <summary>Most TCP connections open at once from one source address.</summary>
    public int MaxConnectionsPerSource { get; init; } = 32;

    /// <summary>A TCP connection that sends nothing for this long is closed.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Syslog over TLS (RFC 5425) on a <see cref="InputType.SyslogTcp"/> input; null for plain TCP.</summary>
    public SyslogTlsOptions? Tls { get; init; }

    /// <summary>How often files are checked for growth, rotation and new matches.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);
}
