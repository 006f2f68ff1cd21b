using BenchmarkDotNet.Attributes;
using CyberAgg.Events;
using CyberAgg.Events.Ingest;
using CyberAgg.Events.Wire;

namespace CyberAgg.Benchmarks.Decode;

/// <summary>Decoding one signed 500-event agent batch, against verifying its HMAC alone (the floor any decode pays).</summary>
[MemoryDiagnoser]
public class BatchDecodeBenchmarks
{
    private const int Events = 500;
    private readonly List<SecurityEvent> output = new(Events);
    private byte[] message = [];
    private IngestKey key = null!;
    private IngestDecoder decoder = null!;
    private IngestHeaders headers;

    [GlobalSetup]
    public void Setup()
    {
        key = new IngestKey("ee-cert", "k1", "0123456789abcdef0123456789abcdef"u8, "EE");
        var ring = new IngestKeyRing();
        ring.Add(key);
        decoder = new IngestDecoder(ring, new IngestDecoderOptions { Trust = IngestTrust.Signed });
        using var writer = new BatchWriter(key, "EE", "sensor-1");
        var at = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        writer.Begin(at);
        for (var i = 0; i < Events; i++)
        {
            var e = SampleEvents.Network(i * 6, 10_000, at);
            writer.Add(e);
        }

        message = writer.Complete().ToArray();
        headers = default(IngestHeaders).With(KafkaHeaderNames.ContentType, "application/vnd.cyberagg.batch.v1"u8);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public bool VerifySignatureOnly()
    {
        BatchReader.TryReadHeader(message, BatchLimits.Default, out var header, out _);
        return BatchReader.VerifySignature(message, header, key.Secret);
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public int DecodeBatch()
    {
        output.Clear();
        return decoder.Decode(message, headers, output).EventCount;
    }
}
