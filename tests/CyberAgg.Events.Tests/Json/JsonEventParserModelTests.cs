using System.Text;
using System.Text.Json;
using CsCheck;
using CyberAgg.Events.Ingest;
using CyberAgg.Events.Json;
using CyberAgg.Events.Wire;

namespace CyberAgg.Events.Tests.Json;

/// <summary>
/// The parser (UTF-8 names resolved through a per-thread cache) against a model: <see cref="JsonDocument"/> walks the
/// same generated object and every leaf goes through <see cref="SecurityEvent.TrySetField"/>. Both events must encode
/// to the same batch bytes, which also pins the batch writer's cached name bytes to its plain encoding.
/// </summary>
public class JsonEventParserModelTests
{
    private static readonly IngestKey Key = new("ee-cert", "k1", "0123456789abcdef0123456789abcdef"u8);
    private static readonly JsonEventOptions Options = new() { RequireTimestamp = false, AssignMissingEventId = false };

    // Core names (typed and string), labels, dotted and plain names, escapes, non-ASCII, and names longer than the
    // name caches keep (42 chars for the writer, 128 bytes for the parser).
    private static readonly Gen<string> Key1 = Gen.OneOf(
        Gen.OneOfConst(
            "source", "ip", "port", "destination", "event", "action", "severity", "message", "labels", "sector", "tls", "sni",
            "source.ip", "source.port", "event.severity", "event.kind", "labels.team", "labels.", "labels", "host.name",
            "@timestamp", "tlp", "observer.country", "alert", "signature", "src_ip", "dest_port", "a.b", ".", "x..y",
            "caf\\u00e9", "\\u0061ction", "na\\\"me", "d\\\\e", "日本", "🙂", "\\ud83d\\ude42", new string('k', 50), new string('n', 140)),
        Gen.String[Gen.Char['a', 'f'], 1, 6]);

    private static readonly Gen<string> StringValue = Gen.OneOf(
        Gen.OneOfConst(
            "\"198.51.100.7\"", "\"2001:db8::1\"", "\"443\"", "\"alert\"", "\"EE\"", "\"ee\"", "\"AMBER\"", "\"red\"", "\"x\"",
            "\"2026-03-01T12:00:00.5Z\"", "\"not a time\"", "\"\"", "\"caf\\u00e9 \\n tab\\t\"", "\"\\\"q\\\"\"", "\"日本語\"", "\"🙂\""),
        Gen.String[Gen.Char[' ', '~'], 0, 12].Select(s => JsonSerializer.Serialize(s)));

    private static readonly Gen<string> Scalar = Gen.OneOf(
        StringValue,
        Gen.OneOfConst("0", "7", "443", "65536", "-1", "2.0", "2.5", "1e3", "true", "false", "null"));

    private static readonly Gen<string> Value = Gen.Recursive<string>((depth, self) => depth >= 3
        ? Scalar
        : Gen.Frequency(
            (6, Scalar),
            (2, Gen.Select(Key1, self).Array[0, 4].Select(Object)),
            (1, StringValue.Array[0, 3].Select(items => "[" + string.Join(",", items) + "]"))));

    private static readonly Gen<string> Record = Gen.Select(Key1, Value).Array[1, 12].Select(Object);

    [Fact]
    public void Parse_GeneratedObjects_SameEventAndBatchBytesAsModel()
    {
        Record.Sample(json =>
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            var parsed = JsonEventParser.Parse(bytes, Options);
            var model = Model(json);
            if (model is null)
            {
                parsed.Success.ShouldBeFalse(json);
                parsed.Reason.ShouldBe(DeadLetterReason.InvalidField, json);
                return;
            }

            parsed.Success.ShouldBeTrue($"{json}: {parsed.Reason} {parsed.Detail}");
            var expected = Encode(model);
            Encode(parsed.Event!).ShouldBe(expected, json);

            // Again, now that the parser's and the writer's name caches hold these names.
            Encode(JsonEventParser.Parse(bytes, Options).Event!, parsed.Event!).ShouldBe(Encode(model, model), json);
        }, iter: 3000);
    }

    [Fact]
    public void Parse_IntoReusedEvent_SameBatchBytesAsIntoANewEvent()
    {
        // One event per thread, reused across samples, so each parse starts from the previous record's leftovers
        // (including those of records that failed half way).
        using var scratch = new ThreadLocal<SecurityEvent>(() => new SecurityEvent());
        Record.Sample(json =>
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            var fresh = JsonEventParser.Parse(bytes, Options);
            var reused = JsonEventParser.Parse(bytes, Options, scratch.Value);

            reused.Success.ShouldBe(fresh.Success, json);
            reused.Reason.ShouldBe(fresh.Reason, json);
            if (fresh.Success)
            {
                reused.Event.ShouldBeSameAs(scratch.Value);
                Encode(reused.Event!).ShouldBe(Encode(fresh.Event!), json);
            }
        }, iter: 2000);
    }

    [Fact]
    public void Parse_EscapedLoneSurrogateInName_InvalidJson()
    {
        var result = JsonEventParser.Parse("{\"a\":{\"\\ud800\":\"x\"}}"u8, Options);

        result.Success.ShouldBeFalse();
        result.Reason.ShouldBe(DeadLetterReason.InvalidJson);
    }

    [Fact]
    public void Parse_WindowsRecordWithSiblingBesideEvent_KeepsSiblingNameInsteadOfThrowing()
    {
        var result = JsonEventParser.Parse("""{"Event":{"EventData":{"Image":"C:\\x.exe"}},"x":"2","host.hostname":"pc1","Event":"flat"}"""u8, Options);

        result.Success.ShouldBeTrue();
        result.Event!.Attributes["Image"].ShouldBe(@"C:\x.exe");
        result.Event.Attributes["x"].ShouldBe("2");
        result.Event.Attributes["host.hostname"].ShouldBe("pc1");
        result.Event.Attributes["Event"].ShouldBe("flat");
    }

    private static string Object((string Key, string Value)[] members) =>
        "{" + string.Join(",", members.Select(m => "\"" + m.Key + "\":" + m.Value)) + "}";

    /// <summary>The expected event, or null when a core field gets a value of the wrong shape (invalid_field).</summary>
    private static SecurityEvent? Model(string json)
    {
        using var document = JsonDocument.Parse(json);
        var evt = new SecurityEvent();
        return Walk(document.RootElement, string.Empty, evt) ? evt : null;
    }

    private static bool Walk(JsonElement element, string prefix, SecurityEvent evt)
    {
        foreach (var property in element.EnumerateObject())
        {
            var name = prefix.Length == 0 ? property.Name : prefix + "." + property.Name;
            var value = property.Value;
            switch (value.ValueKind)
            {
                case JsonValueKind.Object:
                    if (!Walk(value, name, evt))
                    {
                        return false;
                    }

                    break;
                case JsonValueKind.Null:
                    break;
                case JsonValueKind.Array:
                    if (EcsFieldNames.TryGetField(name, out var field))
                    {
                        var first = value.EnumerateArray().Select(e => e.GetString()).FirstOrDefault();
                        if (!IsStringField(field) || (first is not null && !evt.TrySetCore(field, first)))
                        {
                            return false;
                        }
                    }

                    evt.Attributes[name] = value.GetRawText();
                    break;
                default:
                    var text = value.ValueKind switch
                    {
                        JsonValueKind.String => value.GetString()!,
                        JsonValueKind.True => "true",
                        JsonValueKind.False => "false",
                        _ => value.GetRawText(),
                    };
                    if (!evt.TrySetField(name, text))
                    {
                        return false;
                    }

                    break;
            }
        }

        return true;
    }

    private static bool IsStringField(EcsField field) => field >= EcsField.ObserverPartner && field <= EcsField.Message;

    private static byte[] Encode(params SecurityEvent[] events)
    {
        using var writer = new BatchWriter(Key, "EE", "sensor");
        writer.Begin(DateTimeOffset.UnixEpoch);
        foreach (var evt in events)
        {
            writer.Add(evt);
        }

        return writer.Complete().ToArray();
    }

}
