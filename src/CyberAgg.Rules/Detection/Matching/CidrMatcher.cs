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

    // A rule lists several networks (the non-routable ranges are ten) and each tests the same value: the last value
    // parsed on this thread is kept, so one event's address is parsed once, not once per network.
    [ThreadStatic]
    private static ParsedAddress? t_last;

    public override bool Matches(string value)
    {
        var last = t_last ??= new ParsedAddress();
        if (!ReferenceEquals(last.Value, value))
        {
            last.Length = IpAddressParser.TryParse(value.AsSpan().Trim(), last.Bytes);
            last.Value = value;
        }

        var length = last.Length;
        ReadOnlySpan<byte> address = last.Bytes;
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

    private sealed class ParsedAddress
    {
        public string? Value { get; set; }

        public int Length { get; set; }

        public byte[] Bytes { get; } = new byte[16];
    }
}
