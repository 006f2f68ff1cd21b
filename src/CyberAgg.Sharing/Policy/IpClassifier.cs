using System.Net;
using System.Net.Sockets;

namespace CyberAgg.Sharing.Policy;

/// <summary>Tells internal addresses (which identify a partner's own machines, so are personal data) from public ones.</summary>
public static class IpClassifier
{
    /// <summary>True for RFC 1918, loopback, link-local, CGNAT (100.64/10), IPv6 ULA/link-local/loopback and IPv4-mapped forms of those.</summary>
    public static bool IsInternal(string? value)
    {
        if (string.IsNullOrEmpty(value) || !IPAddress.TryParse(value, out var ip))
        {
            return false;
        }

        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }

        if (ip.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            ip.TryWriteBytes(b, out _);
            return b[0] == 10
                || b[0] == 127
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127);
        }

        return IPAddress.IsLoopback(ip) || ip.IsIPv6LinkLocal || ip.IsIPv6UniqueLocal || ip.IsIPv6SiteLocal;
    }
}
