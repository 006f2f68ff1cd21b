using System.Diagnostics;
using System.Text;
using CyberAgg.Events;
using CyberAgg.Events.Ingest;
using Confluent.Kafka;

namespace CyberAgg.Agent.Tests.Support;

/// <summary>
/// Consumes the agent's event topic from the start and decodes every batch the way the correlator does (signed trust,
/// the test ingest key), counting each event id so tests can tell missing lines from duplicates.
/// </summary>
internal sealed class TopicEvents : IDisposable
{
    private readonly IConsumer<byte[]?, byte[]> _consumer;
    private readonly IngestDecoder _decoder;
    private readonly List<SecurityEvent> _scratch = [];

    public TopicEvents(string bootstrap, string topic)
    {
        _consumer = new ConsumerBuilder<byte[]?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "agent-tests-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        _consumer.Subscribe(topic);
        var keys = new IngestKeyRing([new IngestKey(TestAgent.Partner, TestAgent.KeyId, TestAgent.Secret, TestAgent.Country)]);
        _decoder = new IngestDecoder(keys, new IngestDecoderOptions { Trust = IngestTrust.Signed });
    }

    /// <summary>How many times each message text arrived.</summary>
    public Dictionary<string, int> ByMessage { get; } = new(StringComparer.Ordinal);

    /// <summary>How many times each event id arrived.</summary>
    public Dictionary<string, int> ById { get; } = new(StringComparer.Ordinal);

    public int Messages { get; private set; }

    /// <summary>The largest message value seen, in bytes.</summary>
    public int LargestMessage { get; private set; }

    public List<string> Refused { get; } = [];

    public int Duplicates => ById.Values.Sum(n => n - 1);

    /// <summary>Consumes until <paramref name="done"/> holds or <paramref name="timeout"/> passes; true when it held.</summary>
    public bool ConsumeUntil(Func<TopicEvents, bool> done, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!done(this))
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            var result = _consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result?.Message is not { } message)
            {
                continue;
            }

            Messages++;
            LargestMessage = Math.Max(LargestMessage, message.Value.Length);
            var headers = default(IngestHeaders);
            foreach (var header in message.Headers)
            {
                headers = headers.With(header.Key, header.GetValueBytes());
            }

            _scratch.Clear();
            var decoded = _decoder.Decode(message.Value, headers, _scratch);
            if (!decoded.Success)
            {
                Refused.Add(decoded.ReasonCode + ": " + decoded.Detail);
                continue;
            }

            foreach (var evt in _scratch)
            {
                Count(ById, evt.EventId ?? "(none)");
                Count(ByMessage, evt.Message ?? "(none)");
            }
        }

        return true;
    }

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
    }

    public static string Describe(TopicEvents events, IEnumerable<string> expected)
    {
        var missing = expected.Where(e => !events.ByMessage.ContainsKey(e)).ToList();
        var text = new StringBuilder();
        text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{events.ByMessage.Count} distinct lines in {events.Messages} messages, {events.Duplicates} duplicate(s), {missing.Count} missing");
        if (missing.Count > 0)
        {
            text.Append(" (first: ").Append(string.Join(", ", missing.Take(5))).Append(')');
        }

        return text.ToString();
    }

    private static void Count(Dictionary<string, int> counts, string key) =>
        counts[key] = counts.GetValueOrDefault(key) + 1;
}
