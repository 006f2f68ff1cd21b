using CyberAgg.Events;
using CyberAgg.Events.Alerts;

namespace CyberAgg.Sharing.Service;

/// <summary>Topics, group and batching of the <see cref="SharingService"/>.</summary>
public sealed class SharingServiceOptions
{
    /// <summary>DESIGN §5: every alert the correlator raises.</summary>
    public string AlertsTopic { get; set; } = KafkaTopicNames.Alerts;

    public string GroupId { get; set; } = "cyberagg-sharing";

    public string DeadLetterTopic { get; set; } = KafkaTopicNames.DeadLetter;

    /// <summary>The most alerts released per batch (one audit insert and one offset commit per batch).</summary>
    public int MaxBatch { get; set; } = 500;

    /// <summary>How long a batch waits for more alerts once it has one; bounds the added latency.</summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Keys that verify alerts on <see cref="AlertsTopic"/> and sign the partner feeds; null: <see cref="AlertKeyRing.Process"/>.</summary>
    public AlertKeyRing? SigningKeys { get; set; }

    /// <summary>DESIGN §5: the feed of one partner, <c>cyberagg.alerts.&lt;partner&gt;.v1</c>.</summary>
    public static string PartnerTopic(string partnerId) => KafkaTopicNames.PartnerAlerts(partnerId);
}
