using CyberAgg.Bench.Report;
using CyberAgg.Testing;

namespace CyberAgg.Bench.Tests;

/// <summary>
/// One tiny benchmark run shared by the report tests: the runner's own embedded Kafka, and the shared embedded
/// ClickHouse passed as an external endpoint so the <c>--clickhouse</c> path runs too.
/// </summary>
public sealed class BenchRunFixture : IAsyncLifetime
{
    private readonly ClickHouseFixture clickHouse = new();

    public BenchReport Report { get; private set; } = null!;

    public BenchOptions Options { get; } = new()
    {
        Events = 20_000,
        EventsPerMessage = 500,
        Indicators = 1_000,
        SqlPeriod = TimeSpan.FromSeconds(1),
        LatencyDuration = TimeSpan.FromSeconds(3),
        ProbeInterval = TimeSpan.FromMilliseconds(50),
        PhaseTimeout = TimeSpan.FromMinutes(3),
    };

    public async Task InitializeAsync()
    {
        await clickHouse.InitializeAsync();
        Options.ClickHouse = clickHouse.Endpoint.ToString().TrimEnd('/');
        Options.ClickHousePassword = clickHouse.Server.Password;
        Report = await new BenchRunner(Options, TextWriter.Null) { Command = "bench test" }.RunAsync(CancellationToken.None);
    }

    public Task DisposeAsync() => clickHouse.DisposeAsync();
}
