using System.Text;
using CsCheck;
using CyberAgg.Events.Json;

namespace CyberAgg.Events.Tests.Json;

public class JsonEventParserTests
{
    private static EventParseResult Parse(string json, JsonEventOptions? options = null) =>
        JsonEventParser.Parse(Encoding.UTF8.GetBytes(json), options);

    [Fact]
    public void Parse_NestedAndDottedKeys_GiveSameFields()
    {
        var nested = Parse("""{"@timestamp":"2024-05-01T12:00:00Z","source":{"ip":"198.51.100.1","port":4444},"observer":{"partner":"ee-cert","country":"EE"}}""");
        var dotted = Parse("""{"@timestamp":"2024-05-01T12:00:00Z","source.ip":"198.51.100.1","source.port":4444,"observer.partner":"ee-cert","observer.country":"EE"}""");

        nested.Success.ShouldBeTrue();
        dotted.Success.ShouldBeTrue();
        nested.Event!.SourceIp.ShouldBe("198.51.100.1");
        nested.Event.SourcePort.ShouldBe(4444);
        nested.Event.Partner.ShouldBe("ee-cert");
        dotted.Event!.SourceIp.ShouldBe(nested.Event.SourceIp);
        dotted.Event.SourcePort.ShouldBe(nested.Event.SourcePort);
        dotted.Event.Country.ShouldBe("EE");
    }

    [Fact]
    public void Parse_UnknownScalars_StringifiedIntoAttributes()
    {
        var result = Parse("""{"@timestamp":1714564800000,"count":42,"ratio":0.5,"ok":true,"gone":null,"Image":"C:\\x.exe","labels":{"sector":"energy"}}""");

        result.Success.ShouldBeTrue();
        var evt = result.Event!;
        evt.Timestamp.ShouldBe(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero));
        evt.Attributes["count"].ShouldBe("42");
        evt.Attributes["ratio"].ShouldBe("0.5");
        evt.Attributes["ok"].ShouldBe("true");
        evt.Attributes.ContainsKey("gone").ShouldBeFalse();
        evt.Attributes["Image"].ShouldBe(@"C:\x.exe");
        evt.Labels["sector"].ShouldBe("energy");
    }

    [Fact]
    public void Parse_Arrays_KeptAsJsonText()
    {
        var result = Parse("""{"@timestamp":"2024-05-01T12:00:00Z","tags":["a", {"b":[1,2]}],"event":{"category":["network","intrusion_detection"]}}""");

        result.Success.ShouldBeTrue();
        result.Event!.Attributes["tags"].ShouldBe("""["a", {"b":[1,2]}]""");
        result.Event.Category.ShouldBe("network");
        result.Event.Attributes["event.category"].ShouldBe("""["network","intrusion_detection"]""");
    }

    [Fact]
    public void Parse_NoEventId_DeterministicIdFromBytes()
    {
        const string json = """{"@timestamp":"2024-05-01T12:00:00Z","observer.partner":"ee-cert","message":"x"}""";

        var a = Parse(json).Event!.EventId;
        var b = Parse(json).Event!.EventId;

        a.ShouldNotBeNull();
        a.ShouldBe(b);
        Parse("""{"@timestamp":"2024-05-01T12:00:00Z","event.id":"given"}""").Event!.EventId.ShouldBe("given");
    }

    [Theory]
    [InlineData("", DeadLetterReason.Empty)]
    [InlineData("   ", DeadLetterReason.Empty)]
    [InlineData("[1,2]", DeadLetterReason.NotAnObject)]
    [InlineData("\"text\"", DeadLetterReason.NotAnObject)]
    [InlineData("{\"a\":", DeadLetterReason.InvalidJson)]
    [InlineData("{\"a\":1} {\"b\":2}", DeadLetterReason.InvalidJson)]
    [InlineData("{'a':1}", DeadLetterReason.InvalidJson)]
    [InlineData("{\"a\":\"\\ud800\",\"@timestamp\":1}", DeadLetterReason.InvalidJson)]
    [InlineData("{\"message\":\"no time\"}", DeadLetterReason.MissingTimestamp)]
    [InlineData("{\"@timestamp\":\"soon\"}", DeadLetterReason.InvalidField)]
    [InlineData("{\"@timestamp\":1,\"source.port\":\"http\"}", DeadLetterReason.InvalidField)]
    [InlineData("{\"@timestamp\":1,\"tlp\":\"PINK\"}", DeadLetterReason.InvalidField)]
    [InlineData("{\"@timestamp\":1,\"source.port\":[1]}", DeadLetterReason.InvalidField)]
    public void Parse_Malformed_ReturnsReason(string json, DeadLetterReason expected)
    {
        var result = Parse(json);

        result.Success.ShouldBeFalse();
        result.Reason.ShouldBe(expected);
    }

    [Theory]
    [InlineData(10_000, '{')]
    [InlineData(10_000, '[')]
    public void Parse_TenThousandDeep_TooDeep(int depth, char open)
    {
        var json = open == '{'
            ? "{\"@timestamp\":1," + string.Concat(Enumerable.Repeat("\"a\":{", depth)) + string.Concat(Enumerable.Repeat("}", depth)) + "}"
            : "{\"a\":" + new string('[', depth) + new string(']', depth) + "}";

        var result = Parse(json);

        result.Reason.ShouldBe(DeadLetterReason.TooDeep);
    }

    [Fact]
    public void Parse_AtDepthLimit_Succeeds()
    {
        var options = new JsonEventOptions { MaxDepth = 4 };
        var json = "{\"@timestamp\":1,\"a\":{\"b\":{\"c\":{\"d\":1}}}}";

        var result = Parse(json, options);

        result.Success.ShouldBeTrue();
        result.Event!.Attributes["a.b.c.d"].ShouldBe("1");
        Parse("{\"@timestamp\":1,\"a\":{\"b\":{\"c\":{\"d\":{\"e\":1}}}}}", options).Reason.ShouldBe(DeadLetterReason.TooDeep);
    }

    [Fact]
    public void Parse_OverSizeLimit_TooLarge()
    {
        var json = "{\"@timestamp\":1,\"m\":\"" + new string('x', 2000) + "\"}";

        Parse(json, new JsonEventOptions { MaxBytes = 1000 }).Reason.ShouldBe(DeadLetterReason.TooLarge);
    }

    [Fact]
    public void Parse_TooManyFields_TooManyFields()
    {
        var json = "{\"@timestamp\":1," + string.Join(",", Enumerable.Range(0, 20).Select(i => $"\"f{i}\":{i}")) + "}";

        Parse(json, new JsonEventOptions { MaxFields = 10 }).Reason.ShouldBe(DeadLetterReason.TooManyFields);
    }

    [Fact]
    public void Parse_InvalidUtf8_InvalidUtf8()
    {
        byte[] bytes = [.. "{\"@timestamp\":1,\"m\":\""u8, 0xC3, 0x28, .. "\"}"u8];

        JsonEventParser.Parse(bytes).Reason.ShouldBe(DeadLetterReason.InvalidUtf8);
    }

    [Fact]
    public void Parse_ByteOrderMark_Ignored()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. "{\"@timestamp\":1}"u8];

        JsonEventParser.Parse(bytes).Success.ShouldBeTrue();
    }

    [Fact]
    public void Parse_TimestampNotRequired_Succeeds()
    {
        Parse("{\"a\":1}", new JsonEventOptions { RequireTimestamp = false }).Success.ShouldBeTrue();
    }

    [Fact]
    public void Parse_RandomBytes_NeverThrows()
    {
        Gen.Byte.Array[0, 200].Sample(bytes => _ = JsonEventParser.Parse(bytes));
    }

    [Fact]
    public void Parse_RandomJsonishText_NeverThrows()
    {
        var chars = Gen.OneOfConst('{', '}', '[', ']', '"', ':', ',', '\\', 'u', 'd', '8', '0', 'a', '1', ' ', '.', '@', 'e');
        Gen.String[chars, 0, 120].Sample(text => _ = Parse(text));
    }

    [Fact]
    public void Parse_TruncatedAtEveryOffset_NeverSucceedsNeverThrows()
    {
        var json = Encoding.UTF8.GetBytes("""{"@timestamp":"2024-05-01T12:00:00Z","source":{"ip":"1.2.3.4"},"tags":["x","y"],"n":12.5}""");

        for (var i = 0; i < json.Length; i++)
        {
            JsonEventParser.Parse(json.AsSpan(0, i)).Success.ShouldBeFalse($"prefix of {i} bytes");
        }

        JsonEventParser.Parse(json).Success.ShouldBeTrue();
    }

    [Fact]
    public void Parse_RecordsWithTheSameFieldNames_ShareOneNameStringAndKeepTheirValues()
    {
        var first = JsonEventParser.Parse("""{"@timestamp":"2026-03-01T12:00:00Z","suricata":{"flow_id":"1"},"proto":"TCP"}"""u8).Event!;
        var second = JsonEventParser.Parse("""{"@timestamp":"2026-03-01T12:00:01Z","suricata":{"flow_id":"2"},"proto":"UDP"}"""u8).Event!;

        var name = first.Attributes.Keys.Single(k => k == "suricata.flow_id");
        ReferenceEquals(name, second.Attributes.Keys.Single(k => k == "suricata.flow_id")).ShouldBeTrue("a repeated attribute name is not allocated again per record");
        first.Attributes["suricata.flow_id"].ShouldBe("1");
        second.Attributes["suricata.flow_id"].ShouldBe("2");
        second.Attributes["proto"].ShouldBe("UDP");
    }
}
