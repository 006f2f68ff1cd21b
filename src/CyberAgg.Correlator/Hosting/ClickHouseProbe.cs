using ClickHouse.Driver;
using CyberAgg.Configuration;

namespace CyberAgg.Correlator.Hosting;

/// <summary>One query, no retries: whether ClickHouse accepts this component's credentials right now.</summary>
public sealed class ClickHouseProbe : IDisposable
{
    private readonly ClickHouseClient client;

    /// <summary>
    /// A probe of the server <paramref name="options"/> names, with its credentials. The configured database may not
    /// exist yet (serve creates it with the schema): it probes the server, not the database.
    /// </summary>
    public ClickHouseProbe(ClickHouseOptions options) =>
        client = new ClickHouseClient(options.ConnectionString("default"));

    /// <summary>Null when <c>SELECT 1</c> succeeded within <paramref name="timeout"/>, else why not, in one line.</summary>
    public async Task<string?> CheckAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await client.ExecuteNonQueryAsync("SELECT 1", null, null, deadline.Token);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {Duration.Format(timeout)}";
        }
        catch (Exception e) when (e is HttpRequestException or IOException or ClickHouseServerException or InvalidOperationException)
        {
            return e.GetBaseException().Message.ReplaceLineEndings(" ");
        }
    }

    public void Dispose() => client.Dispose();
}
