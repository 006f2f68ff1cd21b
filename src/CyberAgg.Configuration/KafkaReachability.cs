using Confluent.Kafka;

namespace CyberAgg.Configuration;

/// <summary>
/// Asks the brokers for metadata to learn whether Kafka can be used with these settings; the client's errors are
/// kept as the reason instead of being printed, so an unreachable Kafka costs one line, not hundreds.
/// </summary>
/// <remarks>
/// The reason comes from the error handler, which runs on the client's polling thread, not from log lines: those are
/// delivered on librdkafka's own threads (all signals blocked) straight into managed code, once per reconnect, and the
/// shared settings keep them to critical ones everywhere. A transport error ("Connect to ... failed: Connection
/// refused") says more than the "1/1 brokers are down" that follows it, so it is kept over that.
/// </remarks>
public sealed class KafkaReachability : IDisposable
{
    private readonly KafkaOptions options;
    private readonly Lock gate = new();
    private IAdminClient? admin;
    private string? lastError;

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
            client = admin ??= Kafka.KafkaClients.Admin(options.ToProducerConfig(), "reachability check", onError: Remember);
        }

        try
        {
            var metadata = client.GetMetadata(timeout);
            return metadata.Brokers.Count > 0 ? null : "no brokers in the metadata";
        }
        catch (KafkaException e)
        {
            var detail = lastError is { Length: > 0 } log && !string.Equals(log, e.Error.Reason, StringComparison.Ordinal) ? $"{e.Error.Reason}: {Trim(log)}" : e.Error.Reason;
            return detail.ReplaceLineEndings(" ");
        }
    }

    private void Remember(Error error)
    {
        if (error.Code != ErrorCode.Local_AllBrokersDown || lastError is null)
        {
            lastError = error.Reason;
        }
    }

    /// <summary>The one-line start-up error for an unreachable Kafka, naming the keys to check.</summary>
    public static string Explain(KafkaOptions options, string reason, TimeSpan waited)
    {
        ArgumentNullException.ThrowIfNull(options);
        return $"cannot reach Kafka at {options.Bootstrap} within {Duration.Format(waited)} ({reason}); check kafka.bootstrap, kafka.security_protocol ({options.SecurityProtocol}) and that the brokers are up.";
    }

    // Transport errors start with the broker they concern ("127.0.0.1:9092/bootstrap: "), which the line names already.
    private static string Trim(string reason)
    {
        var space = reason.IndexOf(' ', StringComparison.Ordinal);
        return space > 1 && reason[space - 1] == ':' && reason.AsSpan(0, space).Contains('/') ? reason[(space + 1)..] : reason;
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
