using CyberAgg.Api.Alerts;
using CyberAgg.Api.Stream;
using CyberAgg.Sharing.Audit;
using CyberAgg.Sharing.Policy;
using CyberAgg.Sharing.Store;
using CyberAgg.Storage.Tables;

namespace CyberAgg.Api.Hosting;

/// <summary>What the endpoints share, resolved once per request as one service.</summary>
internal sealed class ApiServices(ApiOptions options, SharingPolicy policy, AlertStore store, AuditLog audit, AlertFeed feed, StreamLimiter streams, TimeProvider time)
{
    public ApiOptions Options { get; } = options;
    public SharingPolicy Policy { get; } = policy;
    public AlertStore Store { get; } = store;
    public AuditLog Audit { get; } = audit;
    public AlertFeed Feed { get; } = feed;
    public StreamLimiter Streams { get; } = streams;
    public TimeProvider Time { get; } = time;
    public AlertQueries Queries { get; } = new(store.Alerts, store.Events, policy);
    public EventRatesTable Rates => Store.Rates;
}
