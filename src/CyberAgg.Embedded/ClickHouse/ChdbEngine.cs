using System.Collections.Concurrent;
using System.Text;

namespace CyberAgg.Embedded.ClickHouse;

/// <summary>A small pool of chDB sessions over one storage folder; each query runs alone on one session.</summary>
internal sealed class ChdbEngine : IDisposable
{
    private readonly string dataPath;
    private readonly string configFile;
    private readonly ConcurrentBag<ChdbConnection> idle = [];
    private readonly SessionLanes lanes;
    private readonly List<ChdbConnection> all = [];
    private readonly Lock gate = new();

    public ChdbEngine(string dataPath, int sessions, TextWriter? progress)
    {
        ChdbNative.EnsureLoaded(progress);
        this.dataPath = dataPath;
        configFile = EngineAccess.WriteConfiguration(dataPath);
        for (var i = 0; i < sessions; i++)
        {
            var connection = ChdbConnection.Open(dataPath, configFile);
            all.Add(connection);
            idle.Add(connection);
        }

        lanes = new SessionLanes(sessions);
    }

    /// <summary>
    /// Data size from which an insert counts as bulk: an event batch of a couple of hundred events or more, not an alert's
    /// row. In the bench at 70 % of its peak a partition's event insert carried p50 510 KB, an alert batch p50 329 B and
    /// p95 658 B.
    /// </summary>
    public const long BulkBytes = 64 * 1024;

    /// <summary>
    /// Runs a query with its database, settings and parameters, as a fresh HTTP request would see it. Queries and bulk
    /// inserts never hold the last free session (<see cref="SessionLanes"/>): an alert's row queued behind event inserts
    /// and the bench's own polling query waited up to 0.4 s for a session in the bench (benchmarks/README.md).
    /// </summary>
    public async Task<ChdbResult> ExecuteAsync(EngineQuery query, CancellationToken cancellationToken)
    {
        using var lease = await lanes.EnterAsync(query.Work, cancellationToken);
        idle.TryTake(out var connection);
        try
        {
            // chDB holds the calling thread for the whole query (an event insert: up to a second): a thread of its own,
            // not the thread pool's. On two cores the pool has two threads, and inserts blocking them held every other
            // continuation (alert publishing, Kafka deliveries) until the pool injected more: 0.2-0.4 s at p99.
            (var result, connection) = await Task.Factory.StartNew(
                () =>
                {
                    var session = connection!;
                    var outcome = Run(ref session, query);
                    return (outcome, session);
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
            return result;
        }
        finally
        {
            idle.Add(connection!);
        }
    }

    private ChdbResult Run(ref ChdbConnection connection, EngineQuery query)
    {
        if (!string.Equals(connection.CurrentDatabase, query.Database, StringComparison.Ordinal))
        {
            var use = connection.Query("USE " + QuoteIdentifier(query.Database), "TabSeparated");
            if (use.Failed)
            {
                return use;
            }

            connection.CurrentDatabase = query.Database;
        }

        if (query.Settings.Count == 0)
        {
            return connection.Query(query.Sql, query.Format, query.Parameters);
        }

        // HTTP requests are stateless: settings apply to this query only, so they are set, used and reset.
        var set = new StringBuilder();
        var reset = new StringBuilder();
        foreach (var (name, value) in query.Settings)
        {
            if (!IsIdentifier(name))
            {
                return new ChdbResult { Output = [], Error = $"Code: {ClickHouseError.UnknownSetting}. DB::Exception: Setting name '{name}' is not an identifier. (UNKNOWN_SETTING)" };
            }

            set.Append("SET ").Append(name).Append(" = ").Append(QuoteString(value)).Append(';');
            reset.Append("SET ").Append(name).Append(" = DEFAULT;");
        }

        try
        {
            var applied = connection.Query(set.ToString(), "TabSeparated");
            return applied.Failed ? applied : connection.Query(query.Sql, query.Format, query.Parameters);
        }
        finally
        {
            var restored = connection.Query(reset.ToString(), "TabSeparated");
            if (restored.Failed)
            {
                // A setting (say max_query_size=1) can leave a session unable to parse its own reset: replace it.
                connection = Replace(connection);
            }
        }
    }

    private ChdbConnection Replace(ChdbConnection broken)
    {
        var fresh = ChdbConnection.Open(dataPath, configFile);
        lock (gate)
        {
            all.Remove(broken);
            all.Add(fresh);
        }

        broken.Dispose();
        return fresh;
    }

    internal static string QuoteIdentifier(string name) =>
        "`" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("`", "\\`", StringComparison.Ordinal) + "`";

    private static string QuoteString(string value) =>
        "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    private static bool IsIdentifier(string name) =>
        name.Length is > 0 and <= 256 && SqlScanner.IsWordStart((byte)name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var connection in all)
            {
                connection.Dispose();
            }

            all.Clear();
        }

        lanes.Dispose();
    }
}
