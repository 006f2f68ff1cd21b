using CyberAgg.Rules.Loading;

namespace CyberAgg.Rules.Detection.Matching;

/// <summary>Sigma <c>cidr</c>: the field is an IPv4 or IPv6 address inside a network range.</summary>
internal sealed class CidrMatcher : ValueMatcher
{
    private readonly byte[] _network;
    private readonly int _prefixBits;

    public CidrMatcher(string cidr)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? cidr.AsSpan() : cidr.AsSpan(0, slash);
        Span<byte> buffer = stackalloc byte[16];
        var length = IpAddressParser.TryParse(addressText.Trim(), buffer);
        if (length == 0)
        {
            throw new RuleCompileException(RuleErrorCodes.InvalidValue, $"'{cidr}' is not a CIDR network");
        }

        _prefixBits = length * 8;
        if (slash >= 0 && (!int.TryParse(cidr.AsSpan(slash + 1), out _prefixBits) || _prefixBits < 0 || _prefixBits > length * 8))
        {
            throw new RuleCompileException(RuleErrorCodes.InvalidValue, $"'{cidr}' has an invalid prefix length");
        }

        _network = buffer[..length].ToArray();
    }

    public override bool Matches(string value)
    {
        Span<byte> address = stackalloc byte[16];
        var length = IpAddressParser.TryParse(value.AsSpan().Trim(), address);
        if (length != _network.Length)
        {
            return false;
        }

        var fullBytes = _prefixBits / 8;
        if (!address[..fullBytes].SequenceEqual(_network.AsSpan(0, fullBytes)))
        {
            return false;
        }

        var remainingBits = _prefixBits % 8;
        if (remainingBits == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - remainingBits));
        return (address[fullBytes] & mask) == (_network[fullBytes] & mask);
    }
}
