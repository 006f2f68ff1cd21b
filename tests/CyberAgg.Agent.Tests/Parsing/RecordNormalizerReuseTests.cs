using CsCheck;
using CyberAgg.Agent.Parsing;
using CyberAgg.Events;
using CyberAgg.Events.Ingest;
using CyberAgg.Events.Wire;

namespace CyberAgg.Agent.Tests.Parsing;

/// <summary>
/// The batcher normalises every record into one reused event; that must give what a new event per record gives, whatever
/// came before (another format, a dead letter half way through, a record with many more fields).
/// </summary>
public class RecordNormalizerReuseTests
{
    private static readonly IngestKey Key = new("ee-cert", "k1", "0123456789abcdef0123456789abcdef"u8);
    private static readonly NormalizerOptions Options = new() { Partner = "ee-cert", Country = "EE", Sensor = "corpus" };

    private static readonly CorpusTests.CorpusCase[] Cases =
        [.. new[] { "suricata.jsonl", "zeek.jsonl", "syslog.jsonl", "cef.jsonl" }.SelectMany(CorpusTests.CorpusCase.Load)];

    [Fact]
    public void Normalize_CorpusRecordsInAnyOrderIntoOneEvent_SameBatchBytesAsNewEvents()
    {
        var normalizer = new RecordNormalizer(Options);
        Gen.Int[0, Cases.Length - 1].Array[1, 40].Sample(order =>
        {
            var scratch = new SecurityEvent();
            for (var i = 0; i < order.Length; i++)
            {
                var c = Cases[order[i]];
                var origin = $"corpus:{c.Id}@{i}";
                var fresh = normalizer.Normalize(c.Input, c.Format, origin, CorpusTests.Received);
                var reused = normalizer.Normalize(c.Input, c.Format, origin, CorpusTests.Received, scratch);

                reused.DeadLetter?.ReasonCode.ShouldBe(fresh.DeadLetter?.ReasonCode, c.Id);
                (reused.Event is null).ShouldBe(fresh.Event is null, c.Id);
                if (fresh.Event is { } expected)
                {
                    reused.Event.ShouldBeSameAs(scratch, c.Id);
                    Encode(reused.Event!).ShouldBe(Encode(expected), c.Id);
                }
            }
        }, iter: 300);
    }

    private static byte[] Encode(SecurityEvent evt)
    {
        using var writer = new BatchWriter(Key, "EE", "sensor");
        writer.Begin(DateTimeOffset.UnixEpoch);
        writer.Add(evt);
        return writer.Complete().ToArray();
    }
}
