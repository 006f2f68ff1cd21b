using CyberAgg.Testing;

namespace CyberAgg.Federation.Tests;

/// <summary>
/// The one embedded ClickHouse of this test assembly: chDB keeps one storage per process, so the sovereign run and
/// the exchange tests share it, each in databases of its own. Stopped when the test process exits.
/// </summary>
internal static class SharedClickHouse
{
    private static readonly Lazy<Task<ClickHouseFixture>> Instance = new(StartAsync);

    public static Task<ClickHouseFixture> GetAsync() => Instance.Value;

    private static async Task<ClickHouseFixture> StartAsync()
    {
        var fixture = new ClickHouseFixture();
        await fixture.InitializeAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => fixture.DisposeAsync().GetAwaiter().GetResult();
        return fixture;
    }
}
