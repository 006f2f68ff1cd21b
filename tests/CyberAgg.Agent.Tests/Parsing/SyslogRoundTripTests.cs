using System.Globalization;
using System.Text;
using CsCheck;
using CyberAgg.Agent.Parsing;

namespace CyberAgg.Agent.Tests.Parsing;

/// <summary>
/// Round trips from a model: a syslog message is generated as data, written out the way the RFC says, parsed, and
/// every part must come back exactly. Covers the whole RFC 5424 header grammar (including offsets to ±23:59 and
/// the SD escapes) and the BSD form devices write.
/// </summary>
public class SyslogRoundTripTests
{
    private static readonly DateTimeOffset Received = new(2026, 12, 1, 7, 32, 0, TimeSpan.Zero);

    private static readonly Gen<char> PrintUsAscii = Gen.Char['!', '~'];
    private static readonly Gen<char> SdNameChar = PrintUsAscii.Where(c => c is not '=' and not ']' and not '"');
    private static readonly Gen<string?> Nil = Gen.Const((string?)null);

    private static Gen<string?> Field(int max) =>
        Gen.Frequency((1, Nil), (4, Gen.String[PrintUsAscii, 1, max].Where(s => s != "-").Select(s => (string?)s)));

    private static readonly Gen<(DateTimeOffset Utc, int OffsetMinutes)?> Timestamp =
        Gen.Frequency(
            (1, Gen.Const(((DateTimeOffset, int)?)null)),
            (6, Gen.Select(Gen.Long[new DateTime(1971, 1, 2).Ticks / 10, new DateTime(9998, 12, 30).Ticks / 10], Gen.Int[-1439, 1439])
                .Select(t => ((DateTimeOffset, int)?)(new DateTimeOffset(t.Item1 * 10, TimeSpan.Zero), t.Item2))));

    private static readonly Gen<List<(string Id, List<(string Name, string Value)> Params)>> StructuredData =
        Gen.Select(Gen.String[SdNameChar, 1, 32], Gen.Select(Gen.String[SdNameChar, 1, 32], Gen.String).List[1, 3])
            .List[0, 3]
            .Select(elements => elements.DistinctBy(e => e.Item1)
                .Select(e => (e.Item1, e.Item2.DistinctBy(p => p.Item1).ToList()))
                .ToList());

    [Fact]
    public void TryParse_GeneratedRfc5424_EveryPartComesBack()
    {
        var message = Gen.Select(Gen.Int[0, 191], Timestamp, Field(255), Field(48), Field(128), Field(32), StructuredData,
            Gen.String.Where(m => !m.StartsWith('\uFEFF')));
        message.Sample((pri, ts, host, app, procId, msgId, sd, msg) =>
        {
            var text = new StringBuilder().Append('<').Append(pri).Append(">1 ")
                .Append(ts is { } t ? Rfc3339Text(t.Utc, t.OffsetMinutes) : "-").Append(' ')
                .Append(host ?? "-").Append(' ').Append(app ?? "-").Append(' ').Append(procId ?? "-").Append(' ').Append(msgId ?? "-").Append(' ');
            if (sd.Count == 0)
            {
                text.Append('-');
            }

            foreach (var (id, parameters) in sd)
            {
                text.Append('[').Append(id);
                foreach (var (name, value) in parameters)
                {
                    text.Append(' ').Append(name).Append("=\"").Append(value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("]", "\\]")).Append('"');
                }

                text.Append(']');
            }

            if (msg.Length > 0)
            {
                text.Append(' ').Append(msg);
            }

            SyslogParser.TryParse(text.ToString(), Received, out var parsed, out var failure).ShouldBeTrue($"{failure.Detail}: {text}");
            parsed!.IsRfc5424.ShouldBeTrue();
            parsed.Facility.ShouldBe(pri >> 3);
            parsed.Severity.ShouldBe(pri & 7);
            parsed.Timestamp.ShouldBe(ts?.Utc);
            parsed.Hostname.ShouldBe(host);
            parsed.AppName.ShouldBe(app);
            parsed.ProcId.ShouldBe(procId);
            parsed.MsgId.ShouldBe(msgId);
            parsed.StructuredData.ShouldBe(sd.SelectMany(e => e.Item2.Select(p => new KeyValuePair<string, string>($"{e.Id}.{p.Name}", p.Value))));
            parsed.Message.ShouldBe(msg);
        });
    }

    [Fact]
    public void TryParse_GeneratedBsd_EveryPartComesBack()
    {
        var hostChar = Gen.OneOf(Gen.Char['a', 'z'], Gen.Char['0', '9'], Gen.OneOfConst('-', '.'));
        var tagChar = Gen.OneOf(Gen.Char['a', 'z'], Gen.Char['A', 'Z'], Gen.Char['0', '9'], Gen.OneOfConst('_', '-', '.', '/'));
        var text = Gen.Char[' ', '~'];
        var message = Gen.Select(
            Gen.Int[0, 191],
            Gen.Long[0, TimeSpan.FromDays(300).Ticks / TimeSpan.TicksPerSecond],
            Gen.Bool,
            Gen.String[hostChar, 1, 30].Select(h => "h" + h),
            Gen.String[tagChar, 1, 30].Select(t => "t" + t),
            Gen.Frequency((1, Gen.Const((int?)null)), (2, Gen.Int[0, 4_000_000].Select(p => (int?)p))),
            Gen.String[text, 0, 200]);
        message.Sample((pri, secondsAgo, withYear, host, tag, pid, msg) =>
        {
            var stamp = Received.AddSeconds(-secondsAgo);
            var format = withYear ? "MMM dd yyyy HH:mm:ss" : "MMM dd HH:mm:ss";
            var stampText = stamp.ToString(format, CultureInfo.InvariantCulture);
            if (stampText[4] == '0')
            {
                // BSD pads the day with a space ("Feb  5"), not a zero.
                stampText = string.Concat(stampText.AsSpan(0, 4), " ", stampText.AsSpan(5));
            }

            var line = $"<{pri}>{stampText} {host} {tag}{(pid is { } p ? $"[{p}]" : string.Empty)}: {msg}";

            SyslogParser.TryParse(line, Received, out var parsed, out var failure).ShouldBeTrue($"{failure.Detail}: {line}");
            parsed!.IsRfc5424.ShouldBeFalse();
            parsed.Timestamp.ShouldBe(stamp);
            parsed.Hostname.ShouldBe(host);
            parsed.AppName.ShouldBe(tag);
            parsed.ProcId.ShouldBe(pid?.ToString(CultureInfo.InvariantCulture));
            parsed.Message.ShouldBe(msg);
        });
    }

    private static string Rfc3339Text(DateTimeOffset utc, int offsetMinutes)
    {
        // Written by hand: DateTimeOffset cannot carry offsets beyond ±14:00, RFC 3339 can.
        var local = utc.UtcDateTime.AddMinutes(offsetMinutes);
        var zone = offsetMinutes == 0 && utc.Ticks % 2 == 0
            ? "Z"
            : $"{(offsetMinutes < 0 ? '-' : '+')}{Math.Abs(offsetMinutes) / 60:D2}:{Math.Abs(offsetMinutes) % 60:D2}";
        var fraction = local.Ticks % TimeSpan.TicksPerSecond / 10;
        return local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)
            + (fraction == 0 ? string.Empty : "." + fraction.ToString("D6", CultureInfo.InvariantCulture))
            + zone;
    }
}
