using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using CyberAgg.Configuration.Kafka;
using CyberAgg.Configuration;
using CyberAgg.Events.Alerts;
using CyberAgg.Events.Ingest;
using CyberAgg.Sharing.Audit;
using CyberAgg.Sharing.Policy;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Sharing.Service;

/// <summary>
/// Consumes <c>cyberagg.alerts.v1</c> as a consumer group and produces each partner's view to its own topic, with an
/// audit row per release. Offsets are committed only after the views are acknowledged and the audit rows stored, so a
/// crash replays (at least once: partner consumers deduplicate by <c>alert_id</c>).
/// </summary>
public sealed class SharingService : BackgroundService
{
    private static readonly byte[] Json = Encoding.UTF8.GetBytes(ContentTypes.Json);
    private static readonly byte[] Schema = "cyberagg.alerts.v1"u8.ToArray();
    private readonly SharingPolicy policy;
    private readonly KafkaOptions kafka;
    private readonly AuditLog audit;
    private readonly SharingServiceOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Principal[] recipients;
    private readonly AlertKeyRing keys;

    public SharingService(SharingPolicy policy, KafkaOptions kafka, AuditLog audit, SharingServiceOptions options, TimeProvider time, ILogger<SharingService> logger)
    {
        this.policy = policy ?? throw new ArgumentNullException(nameof(policy));
        this.kafka = kafka ?? throw new ArgumentNullException(nameof(kafka));
        this.audit = audit ?? throw new ArgumentNullException(nameof(audit));
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        recipients = policy.Partners.Select(p => policy.Find(p.Id)!).ToArray();
        keys = options.SigningKeys ?? AlertKeyRing.Process;
    }

    /// <summary>Alerts processed so far (tests and the demo wait on it).</summary>
    public long AlertsProcessed => Interlocked.Read(ref processed);

    private long processed;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => RunAsync(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var consumer = KafkaClients.Consumer<byte[]?>(KafkaClients.ManualCommit(kafka.ToConsumerConfig(options.GroupId)), "sharing consumer", logger).Build();
        using var producer = KafkaClients.Producer<string>(KafkaClients.Reliable(kafka.ToProducerConfig()), "sharing producer", logger);
        consumer.Subscribe(options.AlertsTopic);
        Log.Started(logger, options.AlertsTopic, options.GroupId, recipients.Length);
        var batch = new List<ConsumeResult<byte[]?, byte[]>>(options.MaxBatch);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                batch.Clear();
                var first = consumer.Consume(cancellationToken);
                if (first?.Message is null)
                {
                    continue;
                }

                batch.Add(first);
                var deadline = time.GetUtcNow() + options.BatchWindow;
                while (batch.Count < options.MaxBatch)
                {
                    var left = deadline - time.GetUtcNow();
                    var next = left > TimeSpan.Zero ? consumer.Consume(left) : null;
                    if (next?.Message is null)
                    {
                        break;
                    }

                    batch.Add(next);
                }

                await ReleaseAsync(batch, producer, cancellationToken);
                OffsetCommits.Commit(consumer, OffsetCommits.After(batch), logger, "sharing consumer");
                Interlocked.Add(ref processed, batch.Count);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the uncommitted batch is replayed by whoever gets the partitions next.
        }
        finally
        {
            consumer.Close();
        }
    }

    private async Task ReleaseAsync(List<ConsumeResult<byte[]?, byte[]>> batch, IProducer<string, byte[]> producer, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rows = new List<AuditRecord>();
        var sends = new List<Task>();
        foreach (var result in batch)
        {
            var signature = result.Message.Headers?.TryGetLastBytes(AlertSignature.HeaderName, out var s) == true ? s : [];
            if (AlertSignature.Verify(keys, result.Topic, result.Message.Value, signature) is { } refused)
            {
                Log.UnverifiedAlert(logger, result.Topic, result.Partition.Value, result.Offset.Value, refused);
                sends.Add(DeadLetterAsync(producer, result, refused, cancellationToken));
                continue;
            }

            Alert alert;
            try
            {
                alert = AlertJson.Deserialize(result.Message.Value);
            }
            catch (JsonException e)
            {
                Log.MalformedAlert(logger, result.Topic, result.Partition.Value, result.Offset.Value, e.Message);
                sends.Add(DeadLetterAsync(producer, result, "malformed_alert", cancellationToken));
                continue;
            }

            SharingInstrumentation.AlertsReceived.Add(1);
            foreach (var recipient in recipients)
            {
                if (policy.Release(recipient, alert) is not { } release)
                {
                    SharingInstrumentation.Withheld.Add(1);
                    continue;
                }

                var topic = SharingServiceOptions.PartnerTopic(recipient.Id);
                var value = AlertJson.Serialize(release.Alert);
                sends.Add(producer.ProduceAsync(topic, new Message<string, byte[]>
                {
                    Key = alert.AlertId,
                    Value = value,
                    Headers = new Headers
                    {
                        { KafkaHeaderNames.ContentType, Json },
                        { KafkaHeaderNames.Schema, Schema },
                        { KafkaHeaderNames.Partner, Encoding.UTF8.GetBytes(recipient.Id) },
                        // Signed with the recipient's feed key: the partner verifies its feed, and can forge no other.
                        { AlertSignature.HeaderName, AlertSignature.Sign(keys.Current.ForPartnerFeed(recipient.Id), topic, value) },
                    },
                }, cancellationToken));
                rows.Add(new AuditRecord(now, AuditActions.Release, AuditActions.ServiceActor, recipient.Id, alert.AlertId,
                    release.AgreementIds, release.KeyIds, release.Alert.Tlp, AuditActions.ChannelKafka));
            }
        }

        await Task.WhenAll(sends);
        SharingInstrumentation.Releases.Add(rows.Count, new KeyValuePair<string, object?>(SharingInstrumentation.Tags.Channel, AuditActions.ChannelKafka));
        if (rows.Count > 0)
        {
            await audit.WriteAsync(rows, BatchToken(batch), cancellationToken);
        }

        Log.BatchReleased(logger, rows.Count, batch.Count);
    }

    private Task<DeliveryResult<string, byte[]>> DeadLetterAsync(IProducer<string, byte[]> producer, ConsumeResult<byte[]?, byte[]> result, string reason, CancellationToken cancellationToken)
    {
        SharingInstrumentation.Errors.Add(1, new KeyValuePair<string, object?>(SharingInstrumentation.Tags.ErrorType, reason));
        return producer.ProduceAsync(options.DeadLetterTopic, DeadLetterMessages.For("sharing", result, reason), cancellationToken);
    }

    /// <summary>The same offsets give the same token, so a batch replayed after a crash is audited once.</summary>
    private static string BatchToken(List<ConsumeResult<byte[]?, byte[]>> batch)
    {
        var text = string.Join(',', batch.Select(r => $"{r.Topic}/{r.Partition.Value}@{r.Offset.Value}"));
        return "sharing:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
