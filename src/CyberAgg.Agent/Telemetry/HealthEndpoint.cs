using System.Net;
using System.Text;
using CyberAgg.Configuration;
using CyberAgg.Configuration.Telemetry;

namespace CyberAgg.Agent.Telemetry;

/// <summary>
/// <c>/healthz</c> and <c>/readyz</c> beside the Prometheus <c>/metrics</c> on <c>telemetry.prometheus</c> (the
/// DaemonSet probes them). Ready means Kafka answers: without it the agent only spools.
/// </summary>
internal sealed class HealthEndpoint : IDisposable
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    private readonly HttpListener listener = new();
    private readonly KafkaReachability kafka;
    private readonly Task serving;

    private HealthEndpoint(Uri prefix, KafkaOptions kafkaOptions)
    {
        kafka = new KafkaReachability(kafkaOptions);
        // The Prometheus listener owns <prefix>metrics/; HttpListener shares the port between listeners by path.
        var root = prefix.GetLeftPart(UriPartial.Authority);
        listener.Prefixes.Add(root + "/healthz/");
        listener.Prefixes.Add(root + "/readyz/");
        listener.Start();
        serving = Task.Run(ServeAsync);
    }

    /// <summary>Starts on the authority of <paramref name="prefix"/>.</summary>
    /// <exception cref="HttpListenerException">The port is taken.</exception>
    public static HealthEndpoint Start(Uri prefix, KafkaOptions kafka) => new(prefix, kafka);

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                // Stop() ends the pending accept with one of these; nothing is lost.
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var response = context.Response;
        var path = context.Request.Url?.AbsolutePath.TrimEnd('/') ?? "";
        var (status, body) = path switch
        {
            "/healthz" => (200, $$"""{"status":"ok","service":"cyberagg-agent","version":"{{ProductInfo.Version}}"}"""),
            "/readyz" => await Task.Run(() => kafka.Check(ProbeTimeout)).ConfigureAwait(false) is { } reason
                ? (503, $$"""{"status":"not ready","reason":"{{System.Text.Json.JsonEncodedText.Encode("Kafka does not answer: " + reason).Value}}"}""")
                : (200, """{"status":"ready"}"""),
            _ => (404, """{"status":"not found"}"""),
        };
        var bytes = Encoding.UTF8.GetBytes(body);
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength64 = bytes.Length;
        try
        {
            await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        }
        catch (HttpListenerException)
        {
            // The prober hung up before the answer; it asks again on its next period.
        }
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        serving.GetAwaiter().GetResult();
        kafka.Dispose();
    }
}
