using System.Security.Cryptography;
using System.Text.Json;
using Confluent.Kafka;
using CyberAgg.Configuration.Kafka;
using CyberAgg.Events.Ingest;
using CyberAgg.Federation.Blinding;
using CyberAgg.Federation.Exchange;
using CyberAgg.Federation.Wire;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Federation.Oprf;

/// <summary>
/// A member node's OPRF key-service role: follows its inbox (<see cref="FederationOptions.OprfTopic"/>), checks that a
/// request is signed by a member, fresh and new, multiplies each blinded point by this node's share for the epoch
/// and answers on the requester's inbox, signed. Each member gets at most <c>federation.key_service.max_per_epoch</c>
/// points per epoch; a request over it is refused whole, counted and logged.
/// </summary>
/// <remarks>The service sees a member's request size, epoch and timing, never a value, a hash of one or a token.</remarks>
public sealed class KeyService : IDisposable
{
    private static readonly TimeSpan MaxSkew = SigningTime.MessageSkew;
    private readonly FederationOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly KeyShare share;
    private readonly EpochSchedule schedule;
    private readonly EvaluationBudget budget;
    private readonly Dictionary<string, ECDsa> members;
    private readonly ECDsa signingKey;
    private readonly IProducer<string, byte[]> producer;
    private readonly Dictionary<string, DateTimeOffset> answered = new(StringComparer.Ordinal);
    private long rejected;

    public KeyService(FederationOptions options, ILogger logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!options.IsKeyService)
        {
            throw new ArgumentException($"Node '{options.Node}' is not in federation.key_services (or federation.blinding is not oprf).", nameof(options));
        }

        this.options = options;
        this.logger = logger;
        time = timeProvider ?? TimeProvider.System;
        share = new KeyShare(KeyMaterial.Read("federation.key_service.share", options.KeyService.Share));
        schedule = new EpochSchedule(options.Epoch, options.Bucket, TimeSpan.Zero);
        budget = new EvaluationBudget(options.KeyService.MaxPerEpoch);
        members = options.Members.ToDictionary(m => m.Node, m => KeyMaterial.LoadPublicKey($"federation.members[{m.Node}].public_key", m.PublicKey), StringComparer.Ordinal);
        signingKey = KeyMaterial.LoadSigningKey("federation.signing_key", options.SigningKey);
        producer = KafkaClients.Producer<string>(KafkaClients.Reliable(options.Alliance.ToProducerConfig(), lingerMs: 1), "federation key service", logger);
    }

    /// <summary>This service's inbox.</summary>
    public string Topic => FederationOptions.OprfTopic(options.Node);

    /// <summary>True once the inbox is assigned.</summary>
    public bool Ready { get; private set; }

    /// <summary>Requests rejected without an answer since start (forged, replayed, stale, misaddressed, unparsable).</summary>
    public long Rejected => Interlocked.Read(ref rejected);

    /// <summary>Points evaluated for <paramref name="node"/> in <paramref name="epoch"/>.</summary>
    public long Used(string node, long epoch) => budget.Used(node, epoch);

    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Loop(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Loop(CancellationToken cancellationToken)
    {
        // One reader per service: it resumes at its committed offsets; older requests are refused as stale.
        using var consumer = AllianceInbox.Open(options, Topic, "federation-key-service", "federation key service", logger);
        Ready = true;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(50));
                if (result?.Message is not null)
                {
                    if (Handle(result.Topic, result.Partition.Value, result.Offset.Value, result.Message.Value, result.Message.Headers) is { } answer)
                    {
                        Send(answer);
                    }

                    OffsetCommits.Commit(consumer, OffsetCommits.After([result]), logger, "federation key service");
                }
            }
        }
        finally
        {
            consumer.Close();
        }
    }

    /// <summary>Checks one inbox message; returns the answer to send (points or a refusal), or null when it was rejected unanswered.</summary>
    internal OprfMessage? Handle(string topic, int partition, long offset, byte[] value, Headers? headers)
    {
        OprfMessage request;
        try
        {
            request = OprfJson.Deserialize(value);
        }
        catch (JsonException)
        {
            return Reject(null, OprfReasons.InvalidMessage, topic, partition, offset);
        }

        var header = headers is not null && headers.TryGetLastBytes(BatchSignature.HeaderName, out var h) ? h : [];
        if (BatchSignature.Verify(members, request.From, topic, value, header) is { } bad)
        {
            return Reject(request, bad, topic, partition, offset);
        }

        var now = time.GetUtcNow();
        var reason = request.Type != OprfMessage.RequestType || !ClearValueExchange.IsId(request.Id) ? OprfReasons.InvalidMessage
            : request.To != options.Node ? OprfReasons.Misaddressed
            : SigningTime.Check(request.At, now, options.ExchangeMaxAge, MaxSkew)
            ?? (answered.ContainsKey(request.Id) ? OprfReasons.Replay : null);
        if (reason is not null)
        {
            return Reject(request, reason, topic, partition, offset);
        }

        Expire(now);
        answered[request.Id] = now;
        return Evaluate(request, schedule.EpochOf(now));
    }

    /// <summary>The answer to an authentic, fresh request: the points times this share, or a refusal.</summary>
    private OprfMessage Evaluate(OprfMessage request, long current)
    {
        var refusal = request.Epoch > current + 1 ? OprfReasons.FutureEpoch
            : request.Epoch < current - 2 ? OprfReasons.StaleEpoch
            : request.Points is not { Count: > 0 } points || points.Count > options.KeyService.MaxPerEpoch || points.Any(p => p is null) ? OprfReasons.InvalidPoint
            : null;
        var count = request.Points?.Count ?? 0;
        var evaluated = new List<string>(count);
        // The budget is taken before any work, so a member over it costs the service no scalar multiplication.
        if (refusal is null && !budget.TryTake(request.From, request.Epoch, count))
        {
            refusal = OprfReasons.RateLimited;
        }
        else if (refusal is null)
        {
            try
            {
                foreach (var point in request.Points!)
                {
                    evaluated.Add(Convert.ToBase64String(share.Evaluate(request.Epoch, Convert.FromBase64String(point))));
                }
            }
            catch (Exception e) when (e is FormatException or CryptographicException)
            {
                // Nothing is answered, so nothing is charged.
                budget.Give(request.From, request.Epoch, count);
                refusal = OprfReasons.InvalidPoint;
            }
        }

        budget.ForgetBefore(current - 2);
        var used = budget.Used(request.From, request.Epoch);
        if (refusal is not null)
        {
            FederationInstrumentation.OprfRefused.Add(1, new KeyValuePair<string, object?>(FederationInstrumentation.Reason, refusal));
            Log.OprfRefused(logger, request.Id, request.From, request.Epoch, count, refusal, used, options.KeyService.MaxPerEpoch);
            evaluated.Clear();
        }
        else
        {
            FederationInstrumentation.OprfEvaluations.Add(evaluated.Count);
            Log.OprfEvaluated(logger, request.Id, request.From, request.Epoch, evaluated.Count, used, options.KeyService.MaxPerEpoch);
        }

        return new OprfMessage
        {
            Type = OprfMessage.AnswerType,
            Id = request.Id,
            From = options.Node,
            To = request.From,
            Epoch = request.Epoch,
            At = time.GetUtcNow().ToUnixTimeMilliseconds(),
            Points = evaluated,
            Refused = refusal,
        };
    }

    private OprfMessage? Reject(OprfMessage? message, string reason, string topic, int partition, long offset)
    {
        Interlocked.Increment(ref rejected);
        FederationInstrumentation.OprfRefused.Add(1, new KeyValuePair<string, object?>(FederationInstrumentation.Reason, reason));
        Log.OprfRejected(logger, reason, topic, partition, offset, Shorten(message?.From), Shorten(message?.Id));
        return null;
    }

    private void Expire(DateTimeOffset now)
    {
        foreach (var id in answered.Where(p => p.Value < now - options.ExchangeMaxAge - MaxSkew).Select(p => p.Key).ToList())
        {
            answered.Remove(id);
        }
    }

    private void Send(OprfMessage answer)
    {
        var topic = FederationOptions.OprfAnswerTopic(answer.To);
        var value = OprfJson.Serialize(answer);
        try
        {
            producer.ProduceAsync(topic, new Message<string, byte[]>
            {
                Key = options.Node,
                Value = value,
                Headers = new Headers { { BatchSignature.HeaderName, BatchSignature.Sign(signingKey, options.Node, topic, value) }, { KafkaHeaderNames.ContentType, "application/json"u8.ToArray() } },
            }).GetAwaiter().GetResult();
        }
        catch (KafkaException e)
        {
            // The requester times out and may ask again under a new id; the points stay counted.
            Log.KafkaError(logger, "key service", $"answering request {answer.Id} to '{answer.To}': {e.Error.Reason}");
        }
    }

    private static string Shorten(string? text) => text is null ? "?" : text.Length > 200 ? text[..200] : text;

    public void Dispose()
    {
        producer.Dispose();
        signingKey.Dispose();
        foreach (var key in members.Values)
        {
            key.Dispose();
        }
    }
}
