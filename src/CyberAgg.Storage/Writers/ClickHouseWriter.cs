using System.IO.Compression;
using System.Net;
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
    // Bytes of RowBinary gathered before they go to the request stream: one chunk of the body in memory, not the body.
    private const int ChunkBytes = 128 * 1024;

    private readonly ClickHouseClient client;
    private readonly ResiliencePipeline retry;

    /// <param name="connectionString">The ClickHouse connection string.</param>
    /// <param name="timeProvider">The clock the backoff waits on.</param>
    /// <param name="onRetry">Called before each retry of a transient failure, with the failure and the attempt number (from 0).</param>
    public ClickHouseWriter(string connectionString, TimeProvider? timeProvider = null, Action<Exception, int>? onRetry = null)
    {
        client = new ClickHouseClient(connectionString);
        // gzip buys bandwidth a loopback connection does not need, at the CPU cost of both ends (the embedded server
        // runs on the same cores); the connection string's Compression=false turns it off everywhere.
        CompressRowBinary = client.Settings.UseCompression && !IsLoopback(client.Settings.Host);
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

    /// <summary>Whether <see cref="InsertRowBinaryAsync"/> gzips its body: by default unless the server is on loopback.</summary>
    internal bool CompressRowBinary { get; init; }

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
            CustomSettings = DeduplicationSettings(deduplicationToken),
        };
        return await retry.ExecuteAsync(
            async ct => await client.InsertBinaryAsync(table, columns, rows, options, ct),
            cancellationToken);
    }

    /// <summary>
    /// Inserts rows as one block with the given token, their <c>RowBinary</c> written straight into the request body
    /// (no row objects, no body held in memory: one chunk at a time); returns the rows written. A retry writes the
    /// same rows again with the same token, so ClickHouse keeps one copy.
    /// </summary>
    public async Task<long> InsertRowBinaryAsync<TRows>(string table, IReadOnlyList<string> columns, TRows rows, string deduplicationToken, CancellationToken cancellationToken)
        where TRows : IRowBinaryRows
    {
        ArgumentException.ThrowIfNullOrEmpty(table);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return 0;
        }

        var sql = $"INSERT INTO {table} ({string.Join(", ", columns)}) FORMAT RowBinary";
        var options = new QueryOptions { CustomSettings = DeduplicationSettings(deduplicationToken) };
        return await retry.ExecuteAsync(
            async ct =>
            {
                using var response = await client.PostStreamAsync(sql, (body, t) => WriteRowsAsync(body, rows, CompressRowBinary, t), CompressRowBinary, ct, options);
                return (long)rows.Count;
            },
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

    private static Dictionary<string, object> DeduplicationSettings(string deduplicationToken) => new()
    {
        ["insert_deduplication_token"] = deduplicationToken,
        ["deduplicate_blocks_in_dependent_materialized_views"] = 1,
    };

    private static async Task WriteRowsAsync<TRows>(Stream body, TRows rows, bool compress, CancellationToken cancellationToken)
        where TRows : IRowBinaryRows
    {
        var target = compress ? new GZipStream(body, CompressionLevel.Fastest, leaveOpen: true) : body;
        try
        {
            using var buffer = new RowBinaryBuffer(ChunkBytes + (ChunkBytes / 4));
            var count = rows.Count;
            for (var i = 0; i < count; i++)
            {
                rows.Write(i, buffer);
                if (buffer.WrittenCount >= ChunkBytes)
                {
                    await target.WriteAsync(buffer.WrittenMemory, cancellationToken);
                    buffer.Clear();
                }
            }

            if (buffer.WrittenCount > 0)
            {
                await target.WriteAsync(buffer.WrittenMemory, cancellationToken);
            }
        }
        finally
        {
            if (compress)
            {
                await target.DisposeAsync();
            }
        }
    }

    private static bool IsLoopback(string? host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host?.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
