using CyberAgg.Testing;

namespace CyberAgg.Embedded.Tests.ClickHouse;

/// <summary>Requests served side by side must not see each other's database or settings.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class ClickHouseConcurrencyTests(ClickHouseFixture fixture) : IDisposable
{
    private readonly HttpClient http = fixture.Http();

    [Fact]
    public async Task Requests_TwoClientsInDifferentDatabasesWithDifferentSettings_EachSeesOnlyItsOwn()
    {
        var first = await fixture.NewDatabaseAsync();
        var second = await fixture.NewDatabaseAsync();

        async Task<List<string>> AskAsync(string database, int maxThreads)
        {
            var wrong = new List<string>();
            for (var i = 0; i < 300; i++)
            {
                var answer = (await http.GetStringAsync($"?database={database}&max_threads={maxThreads}&query=SELECT+currentDatabase(),getSetting('max_threads')")).Trim();
                if (answer != $"{database}\t{maxThreads}")
                {
                    wrong.Add(answer);
                }
            }

            return wrong;
        }

        var answers = await Task.WhenAll(Task.Run(() => AskAsync(first, 3)), Task.Run(() => AskAsync(second, 5)));

        answers[0].ShouldBeEmpty();
        answers[1].ShouldBeEmpty();
    }

    public void Dispose() => http.Dispose();
}
