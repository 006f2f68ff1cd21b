using System.Text.RegularExpressions;
using CyberAgg.Deploy.Tests.Support;
using CyberAgg.Storage.Schema;
using CyberAgg.Testing;

namespace CyberAgg.Deploy.Tests;

/// <summary>Every DDL statement we ship parses in ClickHouse 26.5's own parser; replication and clusters need no server to parse.</summary>
[Collection(DeployCollection.Name)]
public sealed partial class DdlParseTests(ClickHouseFixture fixture)
{
    public static TheoryData<string, int> Statements()
    {
        TheoryData<string, int> data = [];
        var migrations = SchemaMigrations.Load().SelectMany(m => m.Statements).ToArray();
        for (var i = 0; i < migrations.Length; i++)
        {
            data.Add("migrations", i);
        }

        foreach (var file in Directory.GetFiles(RepositoryPaths.InDeploy("clickhouse"), "*.sql").Order(StringComparer.Ordinal))
        {
            var count = SqlScript.Statements(file).Count;
            for (var i = 0; i < count; i++)
            {
                data.Add(Path.GetFileName(file), i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Statements))]
    public async Task ExplainAst_ShippedStatement_Parses(string source, int index)
    {
        var statement = source == "migrations"
            ? SchemaMigrations.Load().SelectMany(m => m.Statements).ElementAt(index)
            : SqlScript.Statements(RepositoryPaths.InDeploy("clickhouse/" + source))[index];

        // apply.sh fills @NAME@ with secrets at apply time; any well-formed value parses the same.
        var filled = Placeholder().Replace(statement, new string('0', 64));
        using var http = fixture.Http();
        using var body = new StringContent("EXPLAIN AST " + filled);
        using var response = await http.PostAsync(fixture.Endpoint, body);
        var text = await response.Content.ReadAsStringAsync();

        response.IsSuccessStatusCode.ShouldBeTrue($"{source} statement {index} does not parse:\n{statement}\n{text}");
        text.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task ExplainAst_BrokenStatement_Fails()
    {
        // Proves the check above can fail: EXPLAIN AST really runs the parser.
        using var http = fixture.Http();
        using var body = new StringContent("EXPLAIN AST CREATE TABLE x ON CLUSTER c (a String) ENGINE = ReplicatedMergeTree( ORDER BY a");
        using var response = await http.PostAsync(fixture.Endpoint, body);

        response.IsSuccessStatusCode.ShouldBeFalse();
        (await response.Content.ReadAsStringAsync()).ShouldContain("SYNTAX_ERROR");
    }

    [GeneratedRegex("@[A-Z0-9_]+@")]
    private static partial Regex Placeholder();
}
