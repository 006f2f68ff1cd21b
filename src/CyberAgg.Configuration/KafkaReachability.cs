using Confluent.Kafka;

namespace CyberAgg.Configuration;

/// <summary>
/// Asks the brokers for metadata to learn whether Kafka can be used with these settings; librdkafka's own log lines are
/// kept as the reason instead of being printed, so an unreachable Kafka costs one line, not hundreds.
/// </summary>
public sealed class KafkaReachability : IDisposable
{
    private readonly KafkaOptions options;
    private readonly Lock gate = new();
    private IAdminClient? admin;
    private string? lastLog;

    public KafkaReachability(KafkaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
    }

    /// <summary>Null when the brokers answered within <paramref name="timeout"/>, else why not, in one line.</summary>
    public string? Check(TimeSpan timeout)
    {
        IAdminClient client;
        lock (gate)
        {
            var config = options.ToProducerConfig();
            // Error-level lines ("Connect to ... failed: Connection refused") say why; they go to the handler, not stderr.
            config.Set("log_level", "3");
            client = admin ??= Kafka.KafkaClients.Admin(config, "reachability check", onError: error => lastLog = error.Reason, onLog: message => lastLog = message.Message);
        }

        try
        {
            var metadata = client.GetMetadata(timeout);
            return metadata.Brokers.Count > 0 ? null : "no brokers in the metadata";
        }
        catch (KafkaException e)
        {
            var detail = lastLog is { Length: > 0 } log && !string.Equals(log, e.Error.Reason, StringComparison.Ordinal) ? $"{e.Error.Reason}: {Trim(log)}" : e.Error.Reason;
            return detail.ReplaceLineEndings(" ");
        }
    }

    /// <summary>The one-line start-up error for an unreachable Kafka, naming the keys to check.</summary>
    public static string Explain(KafkaOptions options, string reason, TimeSpan waited)
    {
        ArgumentNullException.ThrowIfNull(options);
        return $"cannot reach Kafka at {options.Bootstrap} within {Duration.Format(waited)} ({reason}); check kafka.bootstrap, kafka.security_protocol ({options.SecurityProtocol}) and that the brokers are up.";
    }

    // librdkafka prefixes its lines with the broker and thread ("[thrd:...]: "): keep only what went wrong.
    private static string Trim(string log)
    {
        var at = log.LastIndexOf("]: ", StringComparison.Ordinal);
        return at >= 0 ? log[(at + 3)..] : log;
    }

    public void Dispose()
    {
        lock (gate)
        {
            admin?.Dispose();
            admin = null;
        }
    }
}
