using System.Diagnostics.Metrics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using CyberAgg.Deploy.Tests.Support;

namespace CyberAgg.Deploy.Tests;

/// <summary>docs/metrics.md lists exactly the instruments the code creates; the operations dashboard uses only those.</summary>
public sealed partial class MetricCatalogueTests
{
    private static readonly Lazy<Dictionary<string, string>> Instruments = new(Enumerate);

    [Fact]
    public void Catalogue_ListsEveryInstrument_AndNoOther()
    {
        var documented = CatalogueRows().ToDictionary(r => r.Prometheus, r => r.Instrument, StringComparer.Ordinal);
        var actual = Instruments.Value;

        actual.Count.ShouldBeGreaterThan(25);
        actual.Keys.Except(documented.Keys).Order(StringComparer.Ordinal).ToList().ShouldBeEmpty("instruments missing from docs/metrics.md");
        documented.Keys.Except(actual.Keys).Order(StringComparer.Ordinal).ToList().ShouldBeEmpty("docs/metrics.md lists metrics no code creates");
        documented.ShouldAllBe(d => actual[d.Key] == d.Value);
    }

    [Fact]
    public void OperationsDashboard_UsesOnlyMetricsThatExist()
    {
        var path = RepositoryPaths.InDeploy("compose/grafana/dashboards/cyberagg-operations.json");
        using var dashboard = JsonDocument.Parse(File.ReadAllText(path));
        var expressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Select(t => t.GetProperty("expr").GetString()!)
            .ToList();
        var used = expressions.SelectMany(e => MetricName().Matches(e).Select(m => Family(m.Value))).ToHashSet(StringComparer.Ordinal);

        expressions.Count.ShouldBeGreaterThan(10);
        used.Except(Instruments.Value.Keys).ToList().ShouldBeEmpty("the dashboard queries metrics no CyberAgg component exports");
        dashboard.RootElement.GetProperty("panels").EnumerateArray().ShouldAllBe(p => p.GetProperty("datasource").GetProperty("uid").GetString() == "cyberagg-prometheus");
    }

    [Fact]
    public void OperationsDashboard_IsProvisionedBesideTheClickHouseOne()
    {
        File.Exists(RepositoryPaths.InDeploy("compose/grafana/dashboards/cyberagg-overview.json")).ShouldBeTrue();
        File.ReadAllText(RepositoryPaths.InDeploy("compose/grafana/provisioning/datasources/clickhouse.yaml")).ShouldContain("uid: cyberagg-prometheus");
    }

    // A histogram is queried as _bucket, _sum or _count of its family.
    private static string Family(string name)
    {
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && name.Contains("_seconds", StringComparison.Ordinal))
            {
                return name[..^suffix.Length];
            }
        }

        return name;
    }

    /// <summary>Prometheus name to instrument name, for every instrument of every CyberAgg meter.</summary>
    private static Dictionary<string, string> Enumerate()
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name.StartsWith("CyberAgg.", StringComparison.Ordinal))
                {
                    lock (found)
                    {
                        found[PrometheusName(instrument)] = instrument.Name;
                    }
                }
            },
        };
        listener.Start();
        RuntimeHelpers.RunClassConstructor(typeof(CyberAgg.Correlator.Telemetry.CorrelatorInstrumentation).TypeHandle);
        RuntimeHelpers.RunClassConstructor(typeof(CyberAgg.Sharing.SharingInstrumentation).TypeHandle);
        RuntimeHelpers.RunClassConstructor(typeof(CyberAgg.Api.Hosting.ApiInstrumentation).TypeHandle);
        RuntimeHelpers.RunClassConstructor(typeof(CyberAgg.Federation.FederationInstrumentation).TypeHandle);
        var agent = Assembly.Load("cyberagg-agent").GetType("CyberAgg.Agent.Telemetry.AgentTelemetry", throwOnError: true)!;
        using ((IDisposable)Activator.CreateInstance(agent, [null])!)
        {
            lock (found)
            {
                return new Dictionary<string, string>(found, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>The OpenTelemetry Prometheus exporter's naming: dots to underscores, the unit, <c>_total</c> for counters.</summary>
    private static string PrometheusName(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_');
        var unit = instrument.Unit switch
        {
            "s" => "_seconds",
            "By" => "_bytes",
            _ => "",
        };
        if (!name.EndsWith(unit, StringComparison.Ordinal))
        {
            name += unit;
        }

        var type = instrument.GetType();
        var counter = type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>));
        return counter ? name + "_total" : name;
    }

    private static IEnumerable<(string Prometheus, string Instrument)> CatalogueRows()
    {
        var path = Path.Combine(RepositoryPaths.Root, "docs", "metrics.md");
        foreach (var line in File.ReadLines(path))
        {
            var row = Row().Match(line);
            if (row.Success)
            {
                yield return (row.Groups["prom"].Value, row.Groups["instrument"].Value);
            }
        }
    }

    [GeneratedRegex(@"^\| `(?<prom>cyberagg_[a-z_]+)` \| `(?<instrument>cyberagg\.[a-z._]+)` \|")]
    private static partial Regex Row();

    [GeneratedRegex(@"\bcyberagg_[a-z_]+")]
    private static partial Regex MetricName();
}
