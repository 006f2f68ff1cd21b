using System.Text;
using CsCheck;
using CyberAgg.Agent.Parsing;
using CyberAgg.Events;

namespace CyberAgg.Agent.Tests.Parsing;

public class RecordNormalizerTests
{
    private static readonly DateTimeOffset Received = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly NormalizerOptions Options = new() { Partner = "ee-cert", Country = "EE", Sensor = "tallinn-fw1", MaxRecordBytes = 4096, MaxDeadLetterBytes = 64 };
    private readonly RecordNormalizer _normalizer = new(Options);

    private NormalizeResult Normalize(string text, InputFormat format = InputFormat.Auto, string origin = "test@0") =>
        _normalizer.Normalize(Encoding.UTF8.GetBytes(text), format, origin, Received);

    private SecurityEvent Event(string text, InputFormat format = InputFormat.Auto)
    {
        var result = Normalize(text, format);
        result.DeadLetter.ShouldBeNull(result.DeadLetter?.Detail);
        return result.Event!;
    }

    [Fact]
    public void Normalize_AnyInput_StampsObserverFromConfig()
    {
        var evt = Event("""{"@timestamp":"2024-05-01T10:00:00Z","observer":{"partner":"forged","country":"XX"},"source.ip":"198.51.100.7"}""");

        evt.Partner.ShouldBe("ee-cert");
        evt.Country.ShouldBe("EE");
        evt.ObserverName.ShouldBe("tallinn-fw1");
        evt.SourceIp.ShouldBe("198.51.100.7");
        evt.EventId.ShouldNotBeNull();
    }

    [Fact]
    public void Normalize_SameBytesOtherOrigin_OtherId_SameOriginSameId()
    {
        var a = Normalize("plain line", origin: "file:/x@0").Event!.EventId;
        var b = Normalize("plain line", origin: "file:/x@11").Event!.EventId;
        var again = Normalize("plain line", origin: "file:/x@0").Event!.EventId;

        a.ShouldNotBe(b);
        a.ShouldBe(again);
    }

    [Fact]
    public void Normalize_CefInsideSyslog_MappedToEcs()
    {
        var evt = Event(@"<134>Feb 14 19:04:54 fw01 CEF:0|Palo Alto|PAN-OS|10.1|THREAT|Malware found|High|src=203.0.113.5 dst=10.1.2.3 spt=51515 dpt=443 proto=TCP suser=alice shost=ws1 dhost=evil.example fname=a.exe fileHash=AABBCCDDEEFF00112233445566778899AABBCCDDEEFF00112233445566778899 request=https://evil.example/x act=blocked cs1=custom cs1Label=Rule");

        evt.HostName.ShouldBe("fw01");
        evt.SourceIp.ShouldBe("203.0.113.5");
        evt.DestinationIp.ShouldBe("10.1.2.3");
        evt.SourcePort.ShouldBe(51515);
        evt.DestinationPort.ShouldBe(443);
        evt.NetworkTransport.ShouldBe("tcp");
        evt.UserName.ShouldBe("alice");
        evt.FileName.ShouldBe("a.exe");
        evt.FileHashSha256.ShouldBe("aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899");
        evt.UrlFull.ShouldBe("https://evil.example/x");
        evt.Action.ShouldBe("blocked");
        evt.Severity.ShouldBe(8);
        evt.Message.ShouldBe("Malware found");
        evt.Attributes["source.domain"].ShouldBe("ws1");
        evt.Attributes["destination.domain"].ShouldBe("evil.example");
        evt.Attributes["cs1"].ShouldBe("custom");
        evt.Attributes["observer.vendor"].ShouldBe("Palo Alto");
    }

    [Fact]
    public void Normalize_CefAlone_UsesReceiptTime()
    {
        var evt = Event("CEF:0|V|P|1|100|Port scan|4|rt=1714564800000 src=192.0.2.1 dpt=notaport");

        evt.Timestamp.ShouldBe(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero));
        evt.Severity.ShouldBe(4);
        evt.DestinationPort.ShouldBeNull();
        evt.Attributes["dpt"].ShouldBe("notaport");
    }

    [Fact]
    public void Normalize_Rfc5424_SyslogFieldsAsEcsAttributes()
    {
        var evt = Event("<165>1 2003-10-11T22:14:15.003Z host1 app 42 ID7 [x@1 k=\"v\"] hello");

        evt.Timestamp.ShouldBe(new DateTimeOffset(2003, 10, 11, 22, 14, 15, 3, TimeSpan.Zero));
        evt.HostName.ShouldBe("host1");
        evt.Message.ShouldBe("hello");
        evt.Severity.ShouldBe(3);
        evt.Attributes["log.syslog.appname"].ShouldBe("app");
        evt.Attributes["log.syslog.procid"].ShouldBe("42");
        evt.Attributes["log.syslog.msgid"].ShouldBe("ID7");
        evt.Attributes["log.syslog.structured_data.x@1.k"].ShouldBe("v");
    }

    [Fact]
    public void Normalize_TextLine_ReceivedTimeAndMessage()
    {
        var evt = Event("kernel: something happened\r\n");

        evt.Timestamp.ShouldBe(Received);
        evt.Message.ShouldBe("kernel: something happened");
    }

    [Fact]
    public void Normalize_JsonWithoutTimestamp_UsesReceivedTime()
    {
        Event("""{"message":"x"}""").Timestamp.ShouldBe(Received);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \r\n")]
    public void Normalize_Blank_IsBlank(string text)
    {
        Normalize(text).IsBlank.ShouldBeTrue();
    }

    public static TheoryData<byte[], DeadLetterReason> MalformedCorpus() => new()
    {
        { Encoding.UTF8.GetBytes(new string('x', 5000)), DeadLetterReason.TooLarge },
        { [(byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, 0xFF, (byte)'"', (byte)'}'], DeadLetterReason.InvalidUtf8 },
        { [(byte)'{', 0xED, 0xA0, 0x80], DeadLetterReason.InvalidUtf8 },
        { Encoding.UTF8.GetBytes("{\"a\":" + new string('[', 1500) + new string(']', 1500) + "}"), DeadLetterReason.TooDeep },
        { Encoding.UTF8.GetBytes("{\"a\":1"), DeadLetterReason.InvalidJson },
        { Encoding.UTF8.GetBytes("{\"source.port\":\"x\"}"), DeadLetterReason.InvalidField },
        { Encoding.UTF8.GetBytes("<999>1 - - - - - -"), DeadLetterReason.MalformedSyslog },
        { Encoding.UTF8.GetBytes("<13>1 - h a p m [id x=\"unterminated"), DeadLetterReason.MalformedSyslog },
        { Encoding.UTF8.GetBytes("CEF:0|only|three"), DeadLetterReason.MalformedCef },
        { Encoding.UTF8.GetBytes(@"<13>Oct 11 22:14:15 h CEF:0|V|P|1|s|n|5|broken\"), DeadLetterReason.MalformedCef },
    };

    [Fact]
    public void Normalize_JsonWithInvalidUtf8Anywhere_DeadLetteredAsInvalidUtf8WithTheRfc_InEveryJsonFormat()
    {
        // A valid record with a byte that cannot start or continue UTF-8 (0xC0, 0xC1, 0xF5-0xFF) put anywhere after its "{".
        var valid = Encoding.UTF8.GetBytes("""{"timestamp":"2026-03-01T12:00:00Z","event_type":"alert","src_ip":"198.51.100.7","ts":1,"uid":"C1"}""");
        Gen.Select(Gen.Int[1, valid.Length - 1], Gen.OneOfConst<byte>(0xC0, 0xC1, 0xF5, 0xFE, 0xFF), Gen.OneOfConst(InputFormat.Auto, InputFormat.Json, InputFormat.Eve, InputFormat.Zeek))
            .Sample(
                (at, bad, format) =>
                {
                    var record = valid.ToArray();
                    record[at] = bad;
                    var result = _normalizer.Normalize(record, format, "fuzz", Received);
                    result.Event.ShouldBeNull();
                    result.DeadLetter.ShouldNotBeNull().Reason.ShouldBe(DeadLetterReason.InvalidUtf8);
                    result.DeadLetter.Detail.ShouldBe("JSON must be UTF-8 (RFC 8259)");
                    // The original as far as dead letters keep it (64 bytes here, then a truncation marker).
                    result.DeadLetter.Original.AsSpan(0, Options.MaxDeadLetterBytes).SequenceEqual(record.AsSpan(0, Options.MaxDeadLetterBytes)).ShouldBeTrue();
                },
                iter: 300);
    }

    [Theory]
    [MemberData(nameof(MalformedCorpus))]
    public void Normalize_MalformedCorpus_DeadLetterWithOriginal(byte[] record, DeadLetterReason expected)
    {
        var result = _normalizer.Normalize(record, InputFormat.Auto, "corpus", Received);

        result.Event.ShouldBeNull();
        result.DeadLetter.ShouldNotBeNull();
        result.DeadLetter.Reason.ShouldBe(expected);
        result.DeadLetter.Origin.ShouldBe("corpus");
        var original = result.DeadLetter.Original;
        if (record.Length <= Options.MaxDeadLetterBytes)
        {
            original.ShouldBe(record);
        }
        else
        {
            original.AsSpan(0, Options.MaxDeadLetterBytes).SequenceEqual(record.AsSpan(0, Options.MaxDeadLetterBytes)).ShouldBeTrue();
            Encoding.UTF8.GetString(original.AsSpan(Options.MaxDeadLetterBytes)).ShouldStartWith("…[truncated ");
        }
    }

    [Fact]
    public void Normalize_TenThousandDeepJson_TooDeep()
    {
        var options = Options with { MaxRecordBytes = 1024 * 1024 };
        var json = "{" + string.Concat(Enumerable.Repeat("\"a\":{", 10_000)) + new string('}', 10_001);

        var result = new RecordNormalizer(options).Normalize(Encoding.UTF8.GetBytes(json), InputFormat.Json, "deep", Received);

        result.DeadLetter!.Reason.ShouldBe(DeadLetterReason.TooDeep);
    }

    [Fact]
    public void Normalize_RandomBytesAnyFormat_NeverThrowsAlwaysAnOutcome()
    {
        var prefix = Gen.OneOfConst("", "<13>", "<13>1 ", "CEF:0|", "{", "<13>Oct 11 22:14:15 h CEF:0|a|b|c|d|e|f|");
        Gen.Select(prefix, Gen.Byte.Array[0, 120], Gen.Enum<InputFormat>()).Sample((p, bytes, format) =>
        {
            var record = Encoding.UTF8.GetBytes(p).Concat(bytes).ToArray();
            var result = _normalizer.Normalize(record, format, "fuzz", Received);
            (result.Event is not null || result.DeadLetter is not null || result.IsBlank).ShouldBeTrue();
            if (result.Event is { } evt)
            {
                evt.Partner.ShouldBe("ee-cert");
            }
        });
    }
}
