using System.Diagnostics;
using System.Text;
using CyberAgg.Agent.Parsing;
using CyberAgg.Agent.Tests.Parsing;
using CyberAgg.Agent.Tests.Support;
using CyberAgg.Events;
using CyberAgg.Events.Ingest;
using CyberAgg.Events.Wire;
using Xunit.Abstractions;

namespace CyberAgg.Agent.Tests.Fuzzing;

/// <summary>
/// Mutation fuzzing of every parser the agent runs on untrusted bytes, seeded from the corpus: each target runs for a
/// time budget (<see cref="FuzzBudget"/>) and checks invariants on every input, not just "no exception". A failure
/// prints the seed and the input in base64; add it to the corpus as a regression case.
/// </summary>
public class ParserFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] CorpusFiles = ["suricata.jsonl", "zeek.jsonl", "syslog.jsonl", "cef.jsonl"];
    private static readonly TimeSpan SlowInput = TimeSpan.FromSeconds(2);

    private static List<byte[]> Seeds() => [.. CorpusFiles.SelectMany(CorpusTests.CorpusCase.Load).Select(c => c.Input)];

    [Theory]
    [InlineData("Auto")]
    [InlineData("Syslog")]
    [InlineData("Cef")]
    [InlineData("Json")]
    [InlineData("Eve")]
    [InlineData("Zeek")]
    [InlineData("Text")]
    public void Normalize_MutatedCorpus_EventOrDeadLetterAndEveryEventSurvivesTheWire(string formatName)
    {
        var format = Enum.Parse<InputFormat>(formatName);
        var budget = new FuzzBudget();
        var mutator = new Mutator(budget.Seed, Seeds());
        var normalizer = new RecordNormalizer(new NormalizerOptions { Partner = TestAgent.Partner, Country = TestAgent.Country, Sensor = TestAgent.Sensor, MaxRecordBytes = 64 * 1024 });
        using var writer = new BatchWriter(new IngestKey(TestAgent.Partner, TestAgent.KeyId, TestAgent.Secret), TestAgent.Country, TestAgent.Sensor);
        var pending = new List<SecurityEvent>();
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        writer.Begin(CorpusTests.Received);
        while (budget.Next())
        {
            var input = mutator.Next();
            var clock = Stopwatch.StartNew();
            NormalizeResult result;
            try
            {
                result = normalizer.Normalize(input, format, "fuzz@" + budget.Executions, CorpusTests.Received);
            }
            catch (Exception e)
            {
                throw new ShouldAssertException($"{format} threw on {Convert.ToBase64String(input)} ({budget})", e);
            }

            clock.Elapsed.ShouldBeLessThan(SlowInput, $"slow input {Convert.ToBase64String(input)}");
            var outcome = result.Event is not null ? "event" : result.DeadLetter?.ReasonCode ?? "blank";
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            if (result.Event is not { } evt)
            {
                continue;
            }

            CheckEvent(evt, input);
            try
            {
                writer.Add(evt);
                pending.Add(evt);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // The writer refuses what the reader would refuse; the batcher dead-letters it.
            }

            if (pending.Count == 200)
            {
                RoundTrip(writer, pending);
                writer.Begin(CorpusTests.Received);
            }
        }

        if (pending.Count > 0)
        {
            RoundTrip(writer, pending);
        }

        output.WriteLine($"{format}: {budget}; outcomes {string.Join(", ", outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key}={o.Value}"))}");
        outcomes.GetValueOrDefault("event").ShouldBeGreaterThan(0, "mutations that stay valid must reach the mappers");
    }

    [Fact]
    public void Decode_MutatedTcpStreamInRandomChunks_AlwaysProgressesAndNeverExceedsTheLimit()
    {
        const int maxFrame = 512;
        var budget = new FuzzBudget();
        var mutator = new Mutator(budget.Seed, [.. Seeds().Select(s => Encoding.ASCII.GetBytes($"{s.Length} ").Concat(s).ToArray())]);
        var random = new Random(budget.Seed);
        while (budget.Next())
        {
            var stream = Enumerable.Range(0, 1 + random.Next(6)).SelectMany(_ => random.Next(3) == 0 ? [.. mutator.Next(), (byte)'\n'] : mutator.Next()).ToArray();
            var decoder = new SyslogFrameDecoder(maxFrame);
            var buffered = new List<byte>();
            var offered = 0;
            var steps = 0;
            while (offered < stream.Length || buffered.Count > 0)
            {
                var take = Math.Min(stream.Length - offered, 1 + random.Next(300));
                buffered.AddRange(stream.AsSpan(offered, take).ToArray());
                offered += take;
                FrameStatus status;
                do
                {
                    steps++.ShouldBeLessThan(stream.Length * 4 + 100, $"no progress on {Convert.ToBase64String(stream)}");
                    var span = buffered.ToArray();
                    status = decoder.Decode(span, out var consumed, out var frame, out _);
                    consumed.ShouldBeInRange(0, span.Length);
                    frame.Length.ShouldBeLessThanOrEqualTo(maxFrame);
                    if (status == FrameStatus.Frame)
                    {
                        consumed.ShouldBeGreaterThan(0, "a frame consumes bytes");
                    }

                    buffered.RemoveRange(0, consumed);
                }
                while (status is FrameStatus.Frame or FrameStatus.Oversized && buffered.Count > 0);

                if (status == FrameStatus.Invalid || (offered == stream.Length && status == FrameStatus.NeedMoreData))
                {
                    // The source hangs up (Invalid) or flushes the unterminated rest at end of stream.
                    break;
                }
            }
        }

        output.WriteLine($"tcp framing: {budget}");
    }

    [Fact]
    public void ReadBatch_MutatedSignedBatch_RefusedWithReasonOrReadWithoutThrowing()
    {
        var budget = new FuzzBudget();
        var normalizer = new RecordNormalizer(TestAgent.Normalizer());
        using var writer = new BatchWriter(new IngestKey(TestAgent.Partner, TestAgent.KeyId, TestAgent.Secret), TestAgent.Country, TestAgent.Sensor);
        var batches = new List<byte[]>();
        foreach (var chunk in Seeds().Chunk(8))
        {
            writer.Begin(CorpusTests.Received);
            foreach (var record in chunk)
            {
                if (normalizer.Normalize(record, InputFormat.Auto, "seed", CorpusTests.Received).Event is { } evt)
                {
                    writer.Add(evt);
                }
            }

            batches.Add(writer.Complete().ToArray());
        }

        var mutator = new Mutator(budget.Seed, batches);
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        while (budget.Next())
        {
            var message = mutator.Next();
            string outcome;
            try
            {
                var reason = BatchReader.TryReadHeader(message, BatchLimits.Default, out var header, out _);
                if (reason == DeadLetterReason.None)
                {
                    // Past the header the body is read even unsigned, so mutations reach the event decoder.
                    reason = BatchReader.ReadEvents(message, header, BatchLimits.Default, [], out _);
                }

                outcome = reason.ToCode();
            }
            catch (Exception e)
            {
                throw new ShouldAssertException($"batch reader threw on {Convert.ToBase64String(message)} ({budget})", e);
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        output.WriteLine($"batch wire format: {budget}; outcomes {string.Join(", ", outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key}={o.Value}"))}");
        outcomes.Keys.Count.ShouldBeGreaterThan(1, "mutations must reach more than one outcome");
    }

    private static void CheckEvent(SecurityEvent evt, byte[] input)
    {
        var shown = Convert.ToBase64String(input);
        evt.Partner.ShouldBe(TestAgent.Partner, shown);
        evt.ObserverName.ShouldBe(TestAgent.Sensor, shown);
        evt.EventId.ShouldNotBeNullOrEmpty(shown);
        evt.Timestamp.ShouldNotBe(default, shown);
        if (RecordNormalizer.UsesReceiveTime(evt))
        {
            evt.Timestamp.ShouldBe(CorpusTests.Received, shown);
            evt.Attributes.ShouldContainKey(AgentAttributes.EventIngested, shown);
        }

        foreach (var name in new[] { EcsFieldNames.HostName, "log.syslog.appname", "log.syslog.procid", "log.syslog.msgid" })
        {
            if (evt.TryGetField(name, out var value))
            {
                value!.Any(ControlCharacters.IsControl).ShouldBeFalse($"{name} of {shown}");
            }
        }
    }

    private static void RoundTrip(BatchWriter writer, List<SecurityEvent> pending)
    {
        var message = writer.Complete().ToArray();
        BatchReader.TryReadHeader(message, BatchLimits.Default, out var header, out var detail).ShouldBe(DeadLetterReason.None, detail);
        var decoded = new List<SecurityEvent>();
        BatchReader.ReadEvents(message, header, BatchLimits.Default, decoded, out detail).ShouldBe(DeadLetterReason.None, detail);
        decoded.Count.ShouldBe(pending.Count);
        for (var i = 0; i < decoded.Count; i++)
        {
            decoded[i].EventId.ShouldBe(pending[i].EventId);
            decoded[i].Timestamp.ShouldBe(pending[i].Timestamp);
            decoded[i].Message.ShouldBe(pending[i].Message);
            decoded[i].HostName.ShouldBe(pending[i].HostName);
            decoded[i].AttributeCount.ShouldBe(pending[i].AttributeCount);
        }

        pending.Clear();
    }
}
