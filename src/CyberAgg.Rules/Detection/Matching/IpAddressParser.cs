using System.Net;
using System.Net.Sockets;

namespace CyberAgg.Rules.Detection.Matching;

/// <summary>Parses IP addresses into a caller's buffer without allocating on the IPv4 path.</summary>
internal static class IpAddressParser
{
    /// <summary>Writes the address bytes (4 or 16) and returns their count, or 0 when not an address.</summary>
    public static int TryParse(ReadOnlySpan<char> text, Span<byte> destination)
    {
        if (TryParseIPv4(text, destination))
        {
            return 4;
        }

        if (text.IndexOf(':') < 0 || !IPAddress.TryParse(text, out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return 0;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().TryWriteBytes(destination, out var v4) ? v4 : 0;
        }

        return address.TryWriteBytes(destination, out var written) ? written : 0;
    }

    private static bool TryParseIPv4(ReadOnlySpan<char> text, Span<byte> destination)
    {
        var octet = 0;
        var digits = 0;
        var index = 0;
        foreach (var c in text)
        {
            if (c is >= '0' and <= '9')
            {
                octet = (octet * 10) + (c - '0');
                if (++digits > 3 || octet > 255)
                {
                    return false;
                }
            }
            else if (c == '.' && digits > 0 && index < 3)
            {
                destination[index++] = (byte)octet;
                octet = 0;
                digits = 0;
            }
            else
            {
                return false;
            }
        }

        if (digits == 0 || index != 3)
        {
            return false;
        }

        destination[3] = (byte)octet;
        return true;
    }
}
