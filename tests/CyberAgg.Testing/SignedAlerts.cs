using Confluent.Kafka;
using CyberAgg.Events.Alerts;

namespace CyberAgg.Testing;

/// <summary>Alert messages as the correlator produces them: JSON, signed for the topic they go to.</summary>
public static class SignedAlerts
{
    /// <summary>The process's alert keys, kept in a temporary folder rather than the test's working directory.</summary>
    public static AlertKeyRing Keys => AlertKeyRing.UseDataDirectory(Path.Combine(Path.GetTempPath(), "cyberagg-tests", "alert-keys"));

    public static Message<string, byte[]> Message(Alert alert, string topic) => Message(AlertJson.Serialize(alert), alert.GroupKey, topic);

    public static Message<string, byte[]> Message(byte[] value, string key, string topic) => new()
    {
        Key = key,
        Value = value,
        Headers = new Headers { { AlertSignature.HeaderName, AlertSignature.Sign(Keys.Current, topic, value) } },
    };
}
