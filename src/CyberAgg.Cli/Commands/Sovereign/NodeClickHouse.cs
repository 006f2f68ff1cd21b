using System.Diagnostics;
using System.Text.RegularExpressions;
using CyberAgg.Configuration;

namespace CyberAgg.Cli.Commands.Sovereign;

/// <summary>
/// A sovereign node's own ClickHouse for <c>demo --sovereign</c>: a child <c>cyberagg infra --clickhouse-only</c> with
/// its own data folder, port and password. chDB keeps one storage per process, so a node whose raw events must stay
/// in its own database engine gets its own process, as a real node gets its own server.
/// </summary>
internal sealed partial class NodeClickHouse : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly Process process;

    private NodeClickHouse(Process process, Uri endpoint, string password)
    {
        this.process = process;
        Endpoint = endpoint;
        Options = new ClickHouseOptions { Url = endpoint.ToString().TrimEnd('/'), Password = password };
    }

    /// <summary>The HTTP interface, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>Connection settings with the generated password, database <c>cyberagg</c> (its schema is applied).</summary>
    public ClickHouseOptions Options { get; }

    /// <summary>Starts the child and waits until it serves; the error names the node and the child's last words.</summary>
    public static async Task<NodeClickHouse> StartAsync(string node, string dataDirectory, CancellationToken cancellationToken)
    {
        var start = ChildProcess.StartInfo(ChildProcess.ThisExecutable(), ["infra", "--clickhouse-only", "--data", dataDirectory, "--clickhouse-port", "0"]);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"node {node}: could not start {start.FileName} infra");
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                errors.Enqueue(line);
            }
        };
        process.BeginErrorReadLine();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartTimeout);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                if (HttpLine().Match(line) is { Success: true } match)
                {
                    var endpoint = new Uri(match.Groups["url"].Value);
                    var password = (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "clickhouse", "password"), deadline.Token)).Trim();
                    // Keep draining its output so the child never blocks on a full pipe.
                    _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                    return new NodeClickHouse(process, endpoint, password);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"node {node}: its ClickHouse did not start within {StartTimeout.TotalSeconds:F0} s ({string.Join(" ", errors.TakeLast(2))})");
        }

        throw new InvalidOperationException($"node {node}: its ClickHouse exited before serving ({string.Join(" ", errors.TakeLast(2))})");
    }

    /// <summary>SIGTERM, so the engine flushes and stops cleanly; SIGKILL if it does not within 20 s.</summary>
    public async ValueTask DisposeAsync()
    {
        await ChildProcess.TerminateAsync(process, TimeSpan.FromSeconds(20));
        process.Dispose();
    }

    [GeneratedRegex(@"ClickHouse HTTP\s+(?<url>http://[0-9.:]+/?)")]
    private static partial Regex HttpLine();
}
