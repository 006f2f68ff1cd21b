using CsCheck;
using CyberAgg.Events;

namespace CyberAgg.Storage.Tests.Writers;

/// <summary>Generators of security events with every field absent, empty or any Unicode text, numbers out of range included.</summary>
internal static class EventGen
{
    // Characters that escape in one format or another, and ones of 2, 3 and 4 UTF-8 bytes.
    private static readonly Gen<string> Special = Gen.OneOfConst("\0", "\t", "\n", "\r", "\\", "'", "\"", "`", "é", "€", "𝄞", "😀", "\u200b", "\uFFFD");

    // Any Unicode scalar value (no lone surrogates, which UTF-8 cannot carry).
    private static readonly Gen<string> Scalar = Gen.Int[0, 0x10FFFF - 0x800].Select(c => char.ConvertFromUtf32(c < 0xD800 ? c : c + 0x800));

    private static readonly Gen<string> Piece = Gen.Frequency((3, Gen.Char.AlphaNumeric.Select(c => c.ToString())), (2, Special), (2, Scalar));

    /// <summary>Null, empty, short or long text (long enough for 2- and 3-byte length prefixes).</summary>
    public static readonly Gen<string?> Text = Gen.Frequency(
        (2, Gen.Const((string?)null)),
        (1, Gen.Const<string?>("")),
        (6, Piece.Array[1, 40].Select(p => (string?)string.Concat(p))),
        (1, Piece.Array[40, 6000].Select(p => (string?)string.Concat(p))));

    private static readonly Gen<Dictionary<string, string>> Map = Gen.Select(Piece.Array[0, 12].Select(string.Concat), Text)
        .Array[0, 5]
        .Select(pairs =>
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in pairs)
            {
                map[key] = value ?? "";
            }

            return map;
        });

    // The product stores only what the table's 90-day TTL keeps (older events are dead-lettered before the insert), so
    // any tick from 60 days back to a year ahead of the real clock: TTL merges never remove a row under test.
    private static readonly DateTimeOffset Now = TimeProvider.System.GetUtcNow();

    private static readonly Gen<DateTimeOffset> Time = Gen.Long[-TimeSpan.FromDays(60).Ticks, TimeSpan.FromDays(365).Ticks]
        .Select(t => Now.AddTicks(t));

    private static readonly Gen<int?> Number = Gen.Frequency((1, Gen.Const((int?)null)), (4, Gen.Int[-100, 70_000].Select(n => (int?)n)));

    private static readonly Gen<SecurityEvent> Core = Gen.Select(Text.Array[20], Time, Gen.Enum<Tlp>(), Number.Array[3], Gen.Bool)
        .Select((texts, time, tlp, numbers, trusted) =>
        {
            var e = new SecurityEvent
            {
                EventId = texts[0], Partner = texts[1], Country = texts[2], ObserverName = texts[3], Kind = texts[4],
                Category = texts[5], Action = texts[6], Outcome = texts[7], SourceIp = texts[8], DestinationIp = texts[9],
                NetworkTransport = texts[10], DnsQuestionName = texts[11], UrlDomain = texts[12], UrlFull = texts[13],
                FileHashSha256 = texts[14], FileName = texts[15], UserName = texts[16], HostName = texts[17],
                ProcessCommandLine = texts[18], Message = texts[19], ProcessExecutable = texts[(time.Millisecond % 20)],
                ThreatTechniqueId = texts[time.Second % 20],
                Timestamp = time, Tlp = tlp, Severity = numbers[0], SourcePort = numbers[1], DestinationPort = numbers[2], Trusted = trusted,
            };
            return e;
        });

    /// <summary>Any event, with labels and attributes.</summary>
    public static readonly Gen<SecurityEvent> Events = Gen.Select(Core, Map, Map).Select((e, labels, attributes) =>
    {
        foreach (var (k, v) in labels)
        {
            e.Labels[k] = v;
        }

        foreach (var (k, v) in attributes)
        {
            e.Attributes[k] = v;
        }

        return e;
    });
}
