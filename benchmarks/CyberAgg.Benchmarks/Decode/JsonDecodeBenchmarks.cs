using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using CyberAgg.Events.Json;

namespace CyberAgg.Benchmarks.Decode;

/// <summary>Third-party JSON (nested ECS) to a <see cref="CyberAgg.Events.SecurityEvent"/>, against System.Text.Json parsing the same bytes into a DOM.</summary>
[MemoryDiagnoser]
public class JsonDecodeBenchmarks
{
    private readonly byte[] json = Encoding.UTF8.GetBytes(
        """{"@timestamp":"2026-11-24T12:00:00.123Z","event":{"id":"ev-1","kind":"alert","category":"network","action":"blocked","severity":6},"observer":{"partner":"ee-cert","country":"EE","name":"fw-1"},"source":{"ip":"45.1.2.3","port":51515},"destination":{"ip":"10.20.30.40","port":443},"network":{"transport":"tcp"},"message":"Inbound connection blocked by perimeter IPS signature","labels":{"sector":"energy"}}""");

    [Benchmark(Baseline = true)]
    public int JsonDocumentParse()
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetArrayLength_Safe();
    }

    [Benchmark]
    public bool JsonEventParserParse() => JsonEventParser.Parse(json).Success;
}

/// <summary>Keeps the baseline from being optimised away without walking the DOM.</summary>
internal static class JsonElementExtensions
{
    public static int GetArrayLength_Safe(this JsonElement element) => element.ValueKind == JsonValueKind.Object ? 1 : 0;
}
