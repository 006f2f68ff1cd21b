using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Confluent.Kafka;
using CyberAgg.Configuration.Kafka;
using CyberAgg.Configuration;
using CyberAgg.Events.Ingest;
using CyberAgg.Federation.Wire;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Federation.Exchange;

/// <summary>
/// The audited clear-value exchange between two member nodes. A requester whose analysts see <c>blinded:&lt;token&gt;</c>
/// asks a node that published the token; the owner decides by its release agreements and answers with the value
/// sealed to the requester's one-time key. Requests and answers are signed node messages on the addressee's own
/// alliance topic (<see cref="FederationOptions.ExchangeTopic"/>); both nodes audit every step in their own ClickHouse.
/// </summary>
/// <remarks>
/// The owner audits before it answers, so nothing leaves unaudited. A message that is not genuine and fresh
/// (unsigned, forged, addressed to another node, outside <see cref="FederationOptions.ExchangeMaxAge"/>, an id already
/// answered, an answer to no pending request) gets no answer and an audit row <c>rejected</c>.
/// </remarks>
public sealed partial class ClearValueExchange : IDisposable
{
    private static readonly TimeSpan MaxSkew = SigningTime.MessageSkew;
    private readonly FederationOptions options;
    private readonly LocalIndicators indicators;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly ReleasePolicy policy;
    private readonly ExchangeAudit audit;
    private readonly Dictionary<string, ECDsa> members;
    private readonly ECDsa signingKey;
    private readonly IProducer<string, byte[]> producer;
    private readonly ConcurrentDictionary<string, PendingRequest> pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> answered = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<DateTimeOffset>> perRequester = new(StringComparer.Ordinal);
    private long rejected;

    public ClearValueExchange(FederationOptions options, LocalIndicators indicators, ClickHouseOptions clickHouse, ILogger logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        this.indicators = indicators ?? throw new ArgumentNullException(nameof(indicators));
        this.logger = logger;
        time = timeProvider ?? TimeProvider.System;
        policy = new ReleasePolicy(options);
        audit = new ExchangeAudit(clickHouse, time);
        members = options.Members.ToDictionary(m => m.Node, m => KeyMaterial.LoadPublicKey($"federation.members[{m.Node}].public_key", m.PublicKey), StringComparer.Ordinal);
        signingKey = KeyMaterial.LoadSigningKey("federation.signing_key", options.SigningKey);
        producer = KafkaClients.Producer<string>(KafkaClients.Reliable(options.Alliance.ToProducerConfig(), lingerMs: 1), "federation exchange", logger);
    }

    /// <summary>This node's inbox: requests and answers addressed to it.</summary>
    public string Topic => FederationOptions.ExchangeTopic(options.Node);

    public string Node => options.Node;

    /// <summary>Messages rejected without an answer since start (forged, replayed, stale, misaddressed, unknown).</summary>
    public long Rejected => Interlocked.Read(ref rejected);

    /// <summary>True once the inbox is assigned and the audit table exists.</summary>
    public bool Ready { get; private set; }

    /// <summary>Whether <paramref name="id"/> has the form of a request id (32 lowercase hex digits).</summary>
    public static bool IsId(string? id) => id is { Length: 32 } && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>The member nodes of <paramref name="countries"/> other than this one: whom to ask about an alert's token.</summary>
    public IReadOnlyList<string> OwnersIn(IEnumerable<string> countries) =>
        options.Members.Where(m => m.Node != options.Node && countries.Contains(m.Country, StringComparer.Ordinal)).Select(m => m.Node).ToList();

    /// <summary>Creates the audit table, remembers the ids answered within the replay window, then follows the inbox.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await PrepareAsync(cancellationToken);
        await Task.Factory.StartNew(() => Loop(cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Remembers the ids answered within the replay window (a restarted node refuses their copies).</summary>
    internal async Task PrepareAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var id in await audit.AnsweredSinceAsync(now - options.ExchangeMaxAge - MaxSkew, cancellationToken))
        {
            answered[id] = now;
        }
    }

    /// <summary>
    /// Asks <paramref name="owner"/> for the clear value behind <paramref name="token"/> on behalf of
    /// <paramref name="analyst"/>; audited here as <c>requested</c> before it is sent.
    /// </summary>
    /// <exception cref="ArgumentException">The token is not 32 hex digits, or the owner is not another member node.</exception>
    public async Task<ExchangeRequest> RequestAsync(string token, string owner, string analyst, string? alertId, CancellationToken cancellationToken)
    {
        if (token is not { Length: 32 } || !token.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            throw new ArgumentException($"token '{Shorten(token)}' is not a token: 32 lowercase hex digits, as after 'blinded:' in an alert's group key.", nameof(token));
        }

        if (owner == options.Node || !members.ContainsKey(owner))
        {
            throw new ArgumentException($"owner '{Shorten(owner)}' is not another member node; members are {string.Join(", ", members.Keys.Where(k => k != options.Node))}.", nameof(owner));
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var (key, publicKey) = ValueSealing.NewKey();
        var at = time.GetUtcNow();
        var request = new PendingRequest(id, owner, token, Shorten(analyst), Shorten(alertId ?? ""), at, key);
        await audit.WriteAsync(new ExchangeAuditRow(at, id, ExchangeAuditRow.RequesterRole, options.Node, owner, request.Analyst, token, request.AlertId, "", ExchangeReasons.Requested, "", "", "", at), cancellationToken);
        pending[id] = request;
        var message = new ExchangeMessage
        {
            Type = ExchangeMessage.RequestType,
            Id = id,
            From = options.Node,
            To = owner,
            Token = token,
            At = at.ToUnixTimeMilliseconds(),
            Analyst = request.Analyst,
            AlertId = request.AlertId,
            EphemeralKey = publicKey,
        };
        try
        {
            await SendAsync(owner, message, cancellationToken);
        }
        catch (Exception e) when (e is KafkaException or OperationCanceledException)
        {
            pending.TryRemove(id, out _);
            key.Dispose();
            await audit.WriteAsync(new ExchangeAuditRow(time.GetUtcNow(), id, ExchangeAuditRow.RequesterRole, options.Node, owner, request.Analyst, token, request.AlertId, "", ExchangeReasons.Failed, "not_sent", "", "", at), CancellationToken.None);
            throw;
        }

        FederationInstrumentation.ExchangeRequests.Add(1);
        return new ExchangeRequest(id, owner, token, at, request.Completion.Task);
    }

    /// <summary>This node's audit rows of one request, oldest first (empty for an unknown or malformed id).</summary>
    public Task<IReadOnlyList<ExchangeAuditRow>> RowsAsync(string id, CancellationToken cancellationToken) => audit.RowsAsync(id, cancellationToken);

    /// <summary>This node's newest audit rows, newest first.</summary>
    public Task<IReadOnlyList<ExchangeAuditRow>> RecentAsync(int limit, CancellationToken cancellationToken) => audit.RecentAsync(limit, cancellationToken);

    private void Loop(CancellationToken cancellationToken)
    {
        // One inbox reader per node: it resumes at its committed offsets without waiting for a group.
        using var consumer = AllianceInbox.Open(options, Topic, "federation-exchange", "federation exchange", logger);
        Ready = true;
        var lastExpiry = time.GetTimestamp();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(50));
                if (result?.Message is not null)
                {
                    Handle(result.Topic, result.Partition.Value, result.Offset.Value, result.Message.Value, result.Message.Headers, cancellationToken);
                    OffsetCommits.Commit(consumer, OffsetCommits.After([result]), logger, "federation exchange");
                }

                if (time.GetElapsedTime(lastExpiry) >= TimeSpan.FromSeconds(1))
                {
                    Expire(cancellationToken);
                    lastExpiry = time.GetTimestamp();
                }
            }
        }
        finally
        {
            consumer.Close();
        }
    }

    /// <summary>Checks one inbox message and acts on it; returns null when it was acted on, else why it was rejected.</summary>
    internal string? Handle(string topic, int partition, long offset, byte[] value, Headers? headers, CancellationToken cancellationToken)
    {
        ExchangeMessage message;
        try
        {
            message = ExchangeJson.Deserialize(value);
        }
        catch (JsonException)
        {
            return Reject(null, ExchangeReasons.InvalidMessage, topic, partition, offset, cancellationToken);
        }

        var header = headers is not null && headers.TryGetLastBytes(BatchSignature.HeaderName, out var h) ? h : [];
        if (BatchSignature.Verify(members, message.From, topic, value, header) is { } bad)
        {
            return Reject(message, bad, topic, partition, offset, cancellationToken);
        }

        var reason = message.To != options.Node || message.From == options.Node ? ExchangeReasons.Misaddressed
            : !IsId(message.Id) || message.Token.Length != 32 ? ExchangeReasons.InvalidMessage
            : SigningTime.Check(message.At, time.GetUtcNow(), options.ExchangeMaxAge, MaxSkew);
        if (reason is not null)
        {
            return Reject(message, reason, topic, partition, offset, cancellationToken);
        }

        return message.Type switch
        {
            ExchangeMessage.RequestType => Answer(message, topic, partition, offset, cancellationToken),
            ExchangeMessage.AnswerType => Receive(message, topic, partition, offset, cancellationToken),
            _ => Reject(message, ExchangeReasons.InvalidMessage, topic, partition, offset, cancellationToken),
        };
    }

    private string Reject(ExchangeMessage? message, string reason, string topic, int partition, long offset, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref rejected);
        FederationInstrumentation.ExchangeRejected.Add(1, new KeyValuePair<string, object?>(FederationInstrumentation.Reason, reason));
        Log.ExchangeRejected(logger, reason, topic, partition, offset, Shorten(message?.From ?? "?"), Shorten(message?.Id ?? "?"));
        if (message is not null)
        {
            var role = message.Type == ExchangeMessage.AnswerType ? ExchangeAuditRow.RequesterRole : ExchangeAuditRow.OwnerRole;
            audit.WriteAsync(Row(message, role, ExchangeReasons.Rejected, reason, "", "", ""), cancellationToken).GetAwaiter().GetResult();
        }

        return reason;
    }

    private ExchangeAuditRow Row(ExchangeMessage m, string role, string decision, string reason, string agreement, string tlp, string kind)
    {
        var (requester, owner) = m.Type == ExchangeMessage.AnswerType ? (m.To, m.From) : (m.From, m.To);
        return new ExchangeAuditRow(time.GetUtcNow(), Shorten(m.Id), role, Shorten(requester), Shorten(owner), Shorten(m.Analyst ?? ""), Shorten(m.Token), Shorten(m.AlertId ?? ""),
            kind, decision, reason, agreement, tlp, DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(m.At, 0, 253402300799999)));
    }

    private async Task SendAsync(string node, ExchangeMessage message, CancellationToken cancellationToken)
    {
        var topic = FederationOptions.ExchangeTopic(node);
        var value = ExchangeJson.Serialize(message);
        await producer.ProduceAsync(topic, new Message<string, byte[]>
        {
            Key = options.Node,
            Value = value,
            Headers = new Headers { { BatchSignature.HeaderName, BatchSignature.Sign(signingKey, options.Node, topic, value) }, { KafkaHeaderNames.ContentType, "application/json"u8.ToArray() } },
        }, cancellationToken);
    }

    private static string Shorten(string? text) => text is null ? "" : text.Length > 200 ? text[..200] : text;

    public void Dispose()
    {
        producer.Dispose();
        audit.Dispose();
        signingKey.Dispose();
        foreach (var key in members.Values)
        {
            key.Dispose();
        }

        foreach (var request in pending.Values)
        {
            request.Key.Dispose();
        }
    }
}
