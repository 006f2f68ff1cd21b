using System.Text;
using System.Text.Json;
using CsCheck;
using CyberAgg.Agent.Parsing.Sensors;
using CyberAgg.Events;
using CyberAgg.Events.Ingest;
using CyberAgg.Events.Json;
using CyberAgg.Events.Wire;

namespace CyberAgg.Agent.Tests.Parsing.Sensors;

/// <summary>
/// <see cref="SuricataEve"/> (the originals read once through <see cref="EveFields"/>) against
/// <see cref="SuricataEveModel"/> (each name looked up in the attribute dictionary when needed): the same event, to the
/// batch byte, for generated records of every event type with any subset of the names it reads.
/// </summary>
public class SuricataEveModelTests
{
    private static readonly IngestKey Key = new("ee-cert", "k1", "0123456789abcdef0123456789abcdef"u8);
    private static readonly JsonEventOptions Options = new() { RequireTimestamp = false, AssignMissingEventId = false };

    private static readonly Gen<string> Value = Gen.OneOf(
        Gen.OneOfConst(
            "", "x", "alert", "dns", "flow", "netflow", "fileinfo", "anomaly", "stats", "http", "tls", "TCP", "UDP",
            "1", "2", "3", "4", "5", "443", "70000", "-1", "198.51.100.7", "2001:db8::1", "not-an-ip", "[\"203.0.113.9\",\"x\"]",
            "[]", "[{\"rrname\":\"a.example\"}]", "[{\"rrtype\":\"A\"}]", "[1]", "T1071", "[\"T1059\"]",
            "2026-11-30T10:00:00.123456+0000", "1732960800.25", "yesterday", "/var/tmp/a.exe", "dir/", "evil.example",
            "http://evil.example/x", "/index.html", "8080", "80", "GET", "Mozilla/5.0",
            new string('a', 32), new string('B', 40), new string('c', 64), new string('g', 64), "ascii:\u00e9\u65e5"),
        Gen.String[Gen.Char[' ', '~'], 0, 10]);

    // Every name the mapping reads, and some core and ECS names a sensor may write itself (they win over the mapping).
    private static readonly Gen<string> Name = Gen.Frequency(
        (8, Gen.OneOfConst(EveFields.Names)),
        (1, Gen.OneOfConst("url.domain", "event.action", "event.kind", "message", "source.ip", "rule.id", "event.dataset", "tls.client.server_name", "other")));

    private static readonly Gen<string> EventType = Gen.OneOfConst("alert", "anomaly", "dns", "flow", "netflow", "fileinfo", "stats", "http", "tls", "");

    private static readonly Gen<(string Type, (string Name, string Value)[] Fields)> Record =
        Gen.Select(EventType, Gen.Select(Name, Value).Array[0, 24]);

    [Fact]
    public void Apply_GeneratedParsedRecords_SameBatchBytesAsDictionaryModel()
    {
        Record.Sample(record =>
        {
            var json = Json(record.Type, record.Fields);
            var bytes = Encoding.UTF8.GetBytes(json);
            var actual = JsonEventParser.Parse(bytes, Options);
            var expected = JsonEventParser.Parse(bytes, Options);
            if (!actual.Success)
            {
                return; // a core name with a value of the wrong shape: a dead letter before any mapping
            }

            SuricataEve.Apply(actual.Event!);
            SuricataEveModel.Apply(expected.Event!);
            Encode(actual.Event!).ShouldBe(Encode(expected.Event!), json);
        }, iter: 3000);
    }

    [Fact]
    public void Apply_AttributesSetWithFreshNameInstances_SameBatchBytesAsDictionaryModel()
    {
        // Names that do not come from the parser's name cache: each is a new string, so EveFields matches it by text.
        Record.Sample(record =>
        {
            var actual = Build(record.Type, record.Fields);
            var expected = Build(record.Type, record.Fields);

            SuricataEve.Apply(actual);
            SuricataEveModel.Apply(expected);
            Encode(actual).ShouldBe(Encode(expected), Json(record.Type, record.Fields));
        }, iter: 2000);
    }

    [Fact]
    public void Names_OnePerKey_InTheKeysOrder()
    {
        EveFields.Names.Length.ShouldBe(Enum.GetValues<EveKey>().Length);
        EveFields.Names.Distinct(StringComparer.Ordinal).Count().ShouldBe(EveFields.Names.Length);
        EveFields.Names[(int)EveKey.AlertSignatureId].ShouldBe("alert.signature_id");
        EveFields.Names[(int)EveKey.FileState].ShouldBe("fileinfo.state");
    }

    private static string Json(string type, (string Name, string Value)[] fields) =>
        "{\"event_type\":" + JsonSerializer.Serialize(type) + ","
        + string.Join(",", fields.Select(f => JsonSerializer.Serialize(f.Name) + ":" + JsonSerializer.Serialize(f.Value)))
        + (fields.Length == 0 ? "\"timestamp\":\"2026-11-30T10:00:00Z\"" : ",\"timestamp\":\"2026-11-30T10:00:00Z\"") + "}";

    private static SecurityEvent Build(string type, (string Name, string Value)[] fields)
    {
        var evt = new SecurityEvent();
        evt.Attributes[new string("event_type".AsSpan())] = type;
        foreach (var (name, value) in fields)
        {
            evt.TrySetField(new string(name.AsSpan()), value);
        }

        return evt;
    }

    private static byte[] Encode(SecurityEvent evt)
    {
        using var writer = new BatchWriter(Key, "EE", "sensor");
        writer.Begin(DateTimeOffset.UnixEpoch);
        writer.Add(evt);
        return writer.Complete().ToArray();
    }
}
