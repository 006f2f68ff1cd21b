using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Confluent.Kafka;
using CyberAgg.Configuration.Kafka;
using CyberAgg.Events.Ingest;
using CyberAgg.Federation.Wire;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Federation.Oprf;

/// <summary>
/// A node's side of the oprf mode: turns (kind, epoch, value) into the alliance's token by blinding each value, asking
/// every key service in turn (<c>federation.key_services</c>, one request per service for all values of a call) and
/// unblinding. Tokens are cached per epoch, so a value costs one evaluation per epoch however often it is seen.
/// </summary>
public sealed class OprfTokenClient : IDisposable
{
    /// <summary>How long a node waits for one key service's answer.</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(10);

    private readonly FederationOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly Dictionary<string, ECDsa> members;
    private readonly ECDsa signingKey;
    private readonly IProducer<string, byte[]> producer;
    private readonly ConcurrentDictionary<(long Epoch, string Kind, string Value), string> cache = new();
    private readonly ConcurrentDictionary<string, (string Service, TaskCompletionSource<OprfMessage> Answer)> pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim oneAtATime = new(1, 1);

    public OprfTokenClient(FederationOptions options, ILogger logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!options.UsesOprf)
        {
            throw new ArgumentException("federation.blinding is not oprf.", nameof(options));
        }

        this.options = options;
        this.logger = logger;
        time = timeProvider ?? TimeProvider.System;
        members = options.Members.ToDictionary(m => m.Node, m => KeyMaterial.LoadPublicKey($"federation.members[{m.Node}].public_key", m.PublicKey), StringComparer.Ordinal);
        signingKey = KeyMaterial.LoadSigningKey("federation.signing_key", options.SigningKey);
        producer = KafkaClients.Producer<string>(KafkaClients.Reliable(options.Alliance.ToProducerConfig(), lingerMs: 1), "federation oprf client", logger);
    }

    /// <summary>This node's inbox for answers.</summary>
    public string Topic => FederationOptions.OprfAnswerTopic(options.Node);

    /// <summary>True once the inbox is assigned.</summary>
    public bool Ready { get; private set; }

    /// <summary>Points this node has had evaluated (per service) since start: values not already cached.</summary>
    public long Evaluated { get; private set; }

    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Loop(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>The cached token of a value, if this epoch already evaluated it.</summary>
    public string? Cached(long epoch, string kind, string value) => cache.GetValueOrDefault((epoch, kind, value));

    /// <summary>The tokens of <paramref name="items"/> in <paramref name="epoch"/>, in order; uncached ones in one request per key service.</summary>
    /// <exception cref="OprfRefusedException">A key service refused (e.g. rate_limited) or did not answer in time.</exception>
    public async Task<IReadOnlyList<string>> TokensAsync(long epoch, IReadOnlyList<(string Kind, string Value)> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        await oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var missing = items.Where(i => !cache.ContainsKey((epoch, i.Kind, i.Value))).Distinct().ToList();
            if (missing.Count > 0)
            {
                var blinded = missing.Select(i => OprfProtocol.Blind(i.Kind, epoch, i.Value)).ToList();
                var points = blinded.Select(b => b.Blinded).ToList();
                foreach (var service in options.KeyServices)
                {
                    points = await EvaluateAsync(service, epoch, points, cancellationToken);
                }

                var tokens = new string[missing.Count];
                for (var i = 0; i < missing.Count; i++)
                {
                    var (kind, value) = missing[i];
                    try
                    {
                        tokens[i] = OprfProtocol.Finalize(kind, epoch, value, OprfProtocol.Unblind(points[i], blinded[i].R));
                    }
                    catch (CryptographicException)
                    {
                        throw new OprfRefusedException(options.KeyServices[^1], "invalid_answer", $"the key services' answer for epoch {epoch} holds an x that is no P-256 point.");
                    }
                }

                for (var i = 0; i < missing.Count; i++)
                {
                    cache[(epoch, missing[i].Kind, missing[i].Value)] = tokens[i];
                }
            }

            return items.Select(i => cache[(epoch, i.Kind, i.Value)]).ToList();
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    /// <summary>Drops cached tokens of epochs before <paramref name="epoch"/>.</summary>
    public void ForgetBefore(long epoch)
    {
        foreach (var key in cache.Keys.Where(k => k.Epoch < epoch))
        {
            cache.TryRemove(key, out _);
        }
    }

    private async Task<List<byte[]>> EvaluateAsync(string service, long epoch, List<byte[]> points, CancellationToken cancellationToken)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var request = new OprfMessage
        {
            Type = OprfMessage.RequestType,
            Id = id,
            From = options.Node,
            To = service,
            Epoch = epoch,
            At = time.GetUtcNow().ToUnixTimeMilliseconds(),
            Points = points.Select(Convert.ToBase64String).ToList(),
        };
        var answer = new TaskCompletionSource<OprfMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = (service, answer);
        try
        {
            var topic = FederationOptions.OprfTopic(service);
            var value = OprfJson.Serialize(request);
            await producer.ProduceAsync(topic, new Message<string, byte[]>
            {
                Key = options.Node,
                Value = value,
                Headers = new Headers { { BatchSignature.HeaderName, BatchSignature.Sign(signingKey, options.Node, topic, value) }, { KafkaHeaderNames.ContentType, "application/json"u8.ToArray() } },
            }, cancellationToken);
            OprfMessage reply;
            try
            {
                reply = await answer.Task.WaitAsync(AnswerTimeout, time, cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new OprfRefusedException(service, "no_answer", $"key service '{service}' did not answer within {AnswerTimeout.TotalSeconds:0} s; check that it runs and follows {topic}.");
            }

            if (reply.Refused is { } refused)
            {
                throw new OprfRefusedException(service, refused, $"key service '{service}' refused {points.Count} points for epoch {epoch}: {refused}.");
            }

            var result = new List<byte[]>(points.Count);
            try
            {
                result.AddRange((reply.Points ?? []).Select(p => Convert.FromBase64String(p ?? "")));
            }
            catch (FormatException)
            {
                result.Clear();
            }

            if (result.Count != points.Count || result.Any(r => r.Length != P256.Size))
            {
                throw new OprfRefusedException(service, "invalid_answer", $"key service '{service}' answered {result.Count} valid points for {points.Count}.");
            }

            Evaluated += points.Count;
            return result;
        }
        finally
        {
            pending.TryRemove(id, out _);
        }
    }

    private void Loop(CancellationToken cancellationToken)
    {
        // Answers to requests of an earlier run match no pending id and are skipped.
        using var consumer = AllianceInbox.Open(options, Topic, "federation-oprf", "federation oprf client", logger);
        Ready = true;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(50));
                if (result?.Message is not null)
                {
                    Receive(result);
                    OffsetCommits.Commit(consumer, OffsetCommits.After([result]), logger, "federation oprf client");
                }
            }
        }
        finally
        {
            consumer.Close();
        }
    }

    private void Receive(ConsumeResult<string?, byte[]> result)
    {
        OprfMessage answer;
        try
        {
            answer = OprfJson.Deserialize(result.Message.Value);
        }
        catch (JsonException)
        {
            Log.OprfRejected(logger, OprfReasons.InvalidMessage, result.Topic, result.Partition.Value, result.Offset.Value, "?", "?");
            return;
        }

        var header = result.Message.Headers is { } headers && headers.TryGetLastBytes(BatchSignature.HeaderName, out var h) ? h : [];
        (string Service, TaskCompletionSource<OprfMessage> Answer) waiting = default;
        var reason = BatchSignature.Verify(members, answer.From, result.Topic, result.Message.Value, header)
            ?? (answer.Type != OprfMessage.AnswerType || answer.To != options.Node ? OprfReasons.Misaddressed : null)
            ?? (answer.Id is null || !pending.TryGetValue(answer.Id, out waiting) || waiting.Service != answer.From ? "unknown_request" : null);
        if (reason is not null)
        {
            Log.OprfRejected(logger, reason, result.Topic, result.Partition.Value, result.Offset.Value, Shorten(answer.From), Shorten(answer.Id));
            return;
        }

        waiting.Answer!.TrySetResult(answer);
    }

    private static string Shorten(string? text) => text is null ? "?" : text.Length > 200 ? text[..200] : text;

    public void Dispose()
    {
        producer.Dispose();
        signingKey.Dispose();
        oneAtATime.Dispose();
        foreach (var key in members.Values)
        {
            key.Dispose();
        }
    }
}
