using System.Globalization;
using Confluent.Kafka;
using CyberAgg.Configuration.Kafka;
using CyberAgg.Api.Hosting;
using CyberAgg.Events.Ingest;
using CyberAgg.Events.Alerts;
using CyberAgg.Sharing.Policy;
using CyberAgg.Sharing.Store;
using CyberAgg.Storage.Tables;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CyberAgg.Api.Health;

/// <summary>
/// Raises <c>partner_silent</c> when a partner that usually sends (at least <see cref="MinBaselineEvents"/> events in the
/// day before) has sent nothing for <see cref="ApiOptions.PartnerSilentAfter"/>. The alert takes the normal path: a row in
/// <c>alerts</c> and a message on the alerts topic in the correlator's format, so the live feed, the partner feeds and the
/// audit trail treat it like any other alert. Its id is the partner and the start of the silence, so one silence raises
/// one alert however many API instances watch.
/// </summary>
internal sealed class PartnerSilenceMonitor : BackgroundService
{
    public const string RuleId = "partner_silent";
    public const int MinBaselineEvents = 10;
    private static readonly TimeSpan Baseline = TimeSpan.FromHours(24);
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(1);
    private readonly ApiOptions options;
    private readonly SharingPolicy policy;
    private readonly AlertStore store;
    private readonly TimeProvider time;
    private readonly AlertKeyRing keys;
    private readonly ILogger<PartnerSilenceMonitor> logger;
    private readonly HashSet<string> raised = new(StringComparer.Ordinal);
    private readonly Lazy<IProducer<string, byte[]>> producer;
    private int disposed;

    public PartnerSilenceMonitor(ApiOptions options, SharingPolicy policy, AlertStore store, AlertKeyRing keys, TimeProvider time, ILogger<PartnerSilenceMonitor> logger)
    {
        this.options = options;
        this.policy = policy;
        this.store = store;
        this.keys = keys;
        this.time = time;
        this.logger = logger;
        producer = new Lazy<IProducer<string, byte[]>>(() => KafkaClients.Producer<string>(KafkaClients.Reliable(options.Kafka.ToProducerConfig()), "partner silence monitor", logger));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.PartnerSilentAfter <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(Period, time);
        do
        {
            try
            {
                await CheckAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One failed check (ClickHouse or Kafka away) must not end the monitor; the next tick tries again.
                HealthLog.CheckFailed(logger, e.GetType().Name, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Raises (stores and publishes) an alert for every partner that went silent since the last check; returns them.</summary>
    public async Task<IReadOnlyList<Alert>> CheckAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var silentAfter = options.PartnerSilentAfter;
        var alerts = new List<Alert>();
        // A system reader: every partner's arrivals, whatever its TLP (the alert carries counts, never the events).
        var sources = await store.Events.ArrivalsAsync(RowScope.Operator(RuleId), now, silentAfter, Baseline, null, cancellationToken);
        foreach (var rows in sources.GroupBy(r => r.Partner, StringComparer.Ordinal))
        {
            var before = rows.Sum(r => r.Before);
            var recent = rows.Sum(r => r.Recent);
            if (recent > 0 || before < MinBaselineEvents || policy.Partners.FirstOrDefault(x => x.Id == rows.Key) is not { } partner)
            {
                continue;
            }

            var alert = Make(partner.Id, partner.Country, partner.DisplayName, rows.Max(r => r.LastEvent), rows.Max(r => r.LastReceived), before, silentAfter, now);
            if (raised.Add(alert.AlertId))
            {
                alerts.Add(alert);
            }
        }

        if (alerts.Count == 0)
        {
            return alerts;
        }

        // The first version of an alert carries its raise time, as the correlator's do.
        await store.Alerts.InsertAsync(alerts.Select(a => new StoredAlert(a, "", a.RaisedAt)).ToList(),
            "partner-silent/" + string.Join(',', alerts.Select(a => a.AlertId)), cancellationToken);
        foreach (var alert in alerts)
        {
            var value = AlertJson.Serialize(alert);
            await producer.Value.ProduceAsync(options.AlertsTopic, new Message<string, byte[]>
            {
                Key = alert.GroupKey,
                Value = value,
                // Signed as the correlator signs (DESIGN §6): the sharing service and the live feed refuse unsigned alerts.
                Headers = new Headers
                {
                    { KafkaHeaderNames.ContentType, "application/json"u8.ToArray() },
                    { AlertSignature.HeaderName, AlertSignature.Sign(keys.Current, options.AlertsTopic, value) },
                },
            }, cancellationToken);
            HealthLog.PartnerSilent(logger, alert.Partners[0], alert.LastSeen);
        }

        return alerts;
    }

    /// <summary>The alert for one silence: owned by the silent partner, so its own agreements decide who else sees it.</summary>
    internal static Alert Make(string partner, string country, string displayName, DateTimeOffset lastEvent, DateTimeOffset lastReceived, long baselineEvents, TimeSpan silentAfter, DateTimeOffset now) => new()
    {
        AlertId = $"{RuleId}:{partner}:{lastReceived.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}",
        RuleId = RuleId,
        RuleTitle = $"Partner {displayName} ({country}) stopped sending events",
        Level = "medium",
        Kind = AlertKinds.Detection,
        RaisedAt = now,
        FirstSeen = lastEvent,
        LastSeen = lastEvent,
        GroupKey = partner,
        GroupFields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["partner"] = partner,
            ["last_received"] = lastReceived.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["silent_for_at_least"] = silentAfter.ToString("c", CultureInfo.InvariantCulture),
            ["baseline_events_24h"] = baselineEvents.ToString(CultureInfo.InvariantCulture),
        },
        Countries = [country],
        Partners = [partner],
        EventCount = 0,
        EvidenceEventIds = [],
        Tlp = "GREEN",
    };

    public override void Dispose()
    {
        // The host disposes the monitor once as a service and once as a hosted service: the second time is a no-op,
        // not a flush of a producer already closed (which failed `cyberagg demo --exit-when-done` with exit 1).
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        if (producer.IsValueCreated)
        {
            producer.Value.Flush(TimeSpan.FromSeconds(5));
            producer.Value.Dispose();
        }

        base.Dispose();
    }
}
