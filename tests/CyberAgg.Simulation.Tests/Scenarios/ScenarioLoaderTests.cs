using CyberAgg.Simulation.Scenarios;

namespace CyberAgg.Simulation.Tests.Scenarios;

public sealed class ScenarioLoaderTests
{
    private const string Valid = """
        name: t
        duration: 1h
        partners:
          - { id: ee-cert, country: EE, noise_per_minute: 10 }
          - { id: lv-cert, country: LV }
        steps:
          - name: s
            at: 5m
            technique: T1110
            indicator: { source_ip: 203.0.113.5 }
            seen_by: [ee-cert, lv-cert]
        """;

    [Theory]
    [InlineData("baltic-campaign.yaml", 4)]
    [InlineData("energy-ddos-wiper.yaml", 3)]
    [InlineData("supply-chain-week.yaml", 3)]
    public void LoadFile_ShippedScenarios_AreValid(string file, int steps)
    {
        var scenario = ScenarioLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "scenarios", file));

        scenario.Steps.Count.ShouldBe(steps);
        scenario.Partners.Count.ShouldBeGreaterThanOrEqualTo(4);
        scenario.Steps.ShouldAllBe(s => s.At <= scenario.Duration);
    }

    [Fact]
    public void Parse_Minimal_AppliesDefaults()
    {
        var scenario = ScenarioLoader.Parse(Valid);

        scenario.Speed.ShouldBe(1);
        scenario.Partners[1].NoisePerMinute.ShouldBe(0);
        scenario.Steps[0].Spread.ShouldBe(TimeSpan.FromMinutes(5));
        scenario.Steps[0].Kind.ShouldBe(IndicatorKind.SourceIp);
    }

    [Theory]
    [InlineData("seen_by: [ee-cert, lv-cert]", "seen_by: [ee-cert, xx-cert]", "steps[0].seen_by: partner 'xx-cert' is not listed")]
    [InlineData("country: EE,", "country: Estonia,", "partners[0].country: 'Estonia'")]
    [InlineData("duration: 1h", "duration: soon", "duration: 'soon' is not a duration")]
    [InlineData("at: 5m", "at: 2h", "steps[0].at: 2h is after the end")]
    [InlineData("{ source_ip: 203.0.113.5 }", "{ mac: aa }", "steps[0].indicator.mac: is not an indicator kind")]
    [InlineData("{ source_ip: 203.0.113.5 }", "{ source_ip: a, domain: b }", "steps[0].indicator: needs exactly one")]
    [InlineData("name: t", "nmae: t", "nmae")]
    [InlineData("id: lv-cert", "id: ee-cert", "partners[1].id: 'ee-cert' is listed twice")]
    [InlineData("id: ee-cert", "id: EE CERT", "partners[0].id")]
    public void Parse_Mistakes_NameTheKeyAndTheFix(string from, string to, string expected)
    {
        var error = Should.Throw<ScenarioException>(() => ScenarioLoader.Parse(Valid.Replace(from, to, StringComparison.Ordinal), "x.yaml"));

        error.Message.ShouldStartWith("x.yaml");
        error.Message.ShouldContain(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("name: [unclosed")]
    [InlineData("- just\n- a list\n")]
    [InlineData("\u0000\u0001\u0002")]
    public void Parse_HostileOrEmpty_IsAScenarioException(string yaml)
    {
        Should.Throw<ScenarioException>(() => ScenarioLoader.Parse(yaml, "bad.yaml")).Message.ShouldStartWith("bad.yaml");
    }

    [Fact]
    public void Parse_DeeplyNested_IsRejectedWithoutCrashing()
    {
        var yaml = "name: " + new string('[', 5000) + new string(']', 5000);

        Should.Throw<ScenarioException>(() => ScenarioLoader.Parse(yaml, "deep.yaml"));
    }

    [Fact]
    public void LoadFile_Missing_PointsAtTheShippedScenarios()
    {
        Should.Throw<ScenarioException>(() => ScenarioLoader.LoadFile("/nonexistent/x.yaml")).Message.ShouldContain("scenarios/");
    }
}
