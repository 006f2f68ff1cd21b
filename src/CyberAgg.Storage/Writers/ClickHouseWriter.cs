using ClickHouse.Driver;
using Polly;
using Polly.Retry;

namespace CyberAgg.Storage.Writers;

/// <summary>
/// Idempotent batch inserts into ClickHouse: each call is one INSERT carrying a deterministic
/// <c>insert_deduplication_token</c>, retried with backoff, so a retry or a replay after a crash stores a batch once.
/// </summary>
public sealed class ClickHouseWriter : IDisposable
{
    private readonly ClickHouseClient client;
    private readonly ResiliencePipeline retry;

    /// <param name="connectionString">The ClickHouse connection string.</param>
    /// <param name="timeProvider">The clock the backoff waits on.</param>
    /// <param name="onRetry">Called before each retry of a transient failure, with the failure and the attempt number (from 0).</param>
    public ClickHouseWriter(string connectionString, TimeProvider? timeProvider = null, Action<Exception, int>? onRetry = null)
    {
        client = new ClickHouseClient(connectionString);
        retry = new ResiliencePipelineBuilder { TimeProvider = timeProvider ?? TimeProvider.System }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = 8,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(10),
                // A server error about the data itself will not improve with retries; connection trouble will.
                ShouldHandle = new PredicateBuilder().Handle<Exception>(StoreErrors.IsTransient),
                OnRetry = args =>
                {
                    if (args.Outcome.Exception is { } e)
                    {
                        onRetry?.Invoke(e, args.AttemptNumber);
                    }

                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Inserts rows as one block with the given token; returns the rows written.</summary>
    public async Task<long> InsertAsync(string table, IReadOnlyList<string> columns, IReadOnlyList<object[]> rows, string deduplicationToken, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return 0;
        }

        var options = new InsertOptions
        {
            // One request, one block: split requests sharing a token would be deduplicated against each other.
            BatchSize = rows.Count,
            MaxDegreeOfParallelism = 1,
            UseSchemaCache = true,
            CustomSettings = new Dictionary<string, object>
            {
                ["insert_deduplication_token"] = deduplicationToken,
                ["deduplicate_blocks_in_dependent_materialized_views"] = 1,
            },
        };
        return await retry.ExecuteAsync(
            async ct => await client.InsertBinaryAsync(table, columns, rows, options, ct),
            cancellationToken);
    }

    /// <summary>Runs a statement with retries (DDL, small control inserts).</summary>
    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken) =>
        await retry.ExecuteAsync(async ct => await client.ExecuteNonQueryAsync(sql, null, null, ct), cancellationToken);

    /// <summary>Reads rows of a query as string arrays; for small control queries.</summary>
    public async Task<List<string[]>> QueryAsync(string sql, CancellationToken cancellationToken)
    {
        return await retry.ExecuteAsync(
            async ct =>
            {
                var rows = new List<string[]>();
                using var reader = await client.ExecuteReaderAsync(sql, null, null, ct);
                while (await reader.ReadAsync(ct))
                {
                    var row = new string[reader.FieldCount];
                    for (var i = 0; i < row.Length; i++)
                    {
                        row[i] = Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "";
                    }

                    rows.Add(row);
                }

                return rows;
            },
            cancellationToken);
    }

    public void Dispose() => client.Dispose();
}
