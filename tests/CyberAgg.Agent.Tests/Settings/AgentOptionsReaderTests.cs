using CyberAgg.Agent.Parsing;
using CyberAgg.Agent.Settings;
using CyberAgg.Agent.Tests.Support;
using CyberAgg.Configuration;

namespace CyberAgg.Agent.Tests.Settings;

public sealed class AgentOptionsReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Read_FullYaml_BindsEverySection()
    {
        var yaml = Write("""
            agent:
              partner: ee-cert
              country: ee
              name: tallinn-ids-1
              data_dir: /var/lib/cyberagg-agent
            ingest_key:
              key_id: 2025-01
              secret: base64:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=
            kafka:
              bootstrap: 10.0.0.5:9092
            inputs:
              - type: file
                paths: [/var/log/suricata/eve.json, /var/log/zeek/*.log]
                format: json
              - type: syslog_udp
              - type: syslog_tcp
                listen: 0.0.0.0:6514
                format: cef
            spool:
              max_bytes: 512MiB
              when_full: drop_oldest
            batch:
              max_events: 2000
              max_bytes: 524288
              linger_ms: 50
            """);

        var options = AgentOptionsReader.Read(ConfigurationLoader.Load(yaml, []));

        options.Identity.Country.ShouldBe("EE");
        options.Identity.Name.ShouldBe("tallinn-ids-1");
        options.IngestKey.Secret.Length.ShouldBe(32);
        options.Kafka.Bootstrap.ShouldBe("10.0.0.5:9092");
        options.Inputs.Select(i => i.Type).ShouldBe([InputType.File, InputType.SyslogUdp, InputType.SyslogTcp]);
        options.Inputs[0].Paths.Count.ShouldBe(2);
        options.Inputs[0].Format.ShouldBe(InputFormat.Json);
        options.Inputs[1].Listen.ToString().ShouldBe("127.0.0.1:5514");
        options.Inputs[2].Listen.Port.ShouldBe(6514);
        options.Spool.MaxBytes.ShouldBe(512L * 1024 * 1024);
        options.Spool.WhenFull.ShouldBe(SpoolFullPolicy.DropOldest);
        options.Spool.Dir.ShouldBe(Path.Combine("/var/lib/cyberagg-agent", "spool"));
        options.Batch.MaxEvents.ShouldBe(2000);
        options.Batch.Linger.ShouldBe(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Read_SetOverridesAndEnvironment_WinOverTheFile()
    {
        var yaml = Write(MinimalYaml);
        var env = new Dictionary<string, string> { ["CYBERAGG_KAFKA__BOOTSTRAP"] = "env:9092", ["CYBERAGG_BATCH__MAX_EVENTS"] = "7" };

        var options = AgentOptionsReader.Read(ConfigurationLoader.Load(yaml, ["batch.max_events=9", "inputs.0.paths=/a.log,/b.log"], env));

        options.Kafka.Bootstrap.ShouldBe("env:9092");
        options.Batch.MaxEvents.ShouldBe(9);
        options.Inputs[0].Paths.ShouldBe(["/a.log", "/b.log"]);
    }

    [Theory]
    [InlineData("agent.country=EST", "agent.country")]
    [InlineData("spool.when_full=panic", "spool.when_full")]
    [InlineData("inputs.0.type=kafka", "inputs.0.type")]
    [InlineData("inputs.0.listen=nowhere", "inputs.0.listen")]
    [InlineData("batch.max_events=0", "batch.max_events")]
    [InlineData("spool.max_byts=1", "spool.max_byts")]
    [InlineData("ingest_key.secret=short", "ingest_key.secret")]
    [InlineData("kafka.security_protocol=tls", "kafka.security_protocol")]
    [InlineData("outputs.x=1", "outputs")]
    public void Read_BadValue_NamesTheKeyAndTheFix(string set, string key)
    {
        var yaml = Write(MinimalYaml);

        var error = Should.Throw<ConfigurationException>(() => AgentOptionsReader.Read(ConfigurationLoader.Load(yaml, [set], new Dictionary<string, string>())));

        error.Message.ShouldStartWith(key + ":");
        error.Message.Length.ShouldBeGreaterThan(key.Length + 15, "the message says how to fix it");
    }

    [Fact]
    public void Read_UnrelatedPrefixedVariableAndOtherComponentsSections_AreIgnored()
    {
        var yaml = Write(MinimalYaml + "\nclickhouse:\n  url: http://127.0.0.1:18123\n");
        var env = new Dictionary<string, string> { ["CYBERAGG_INGEST_SECRET"] = "x", ["CYBERAGG_HOME"] = "/opt" };

        Should.NotThrow(() => AgentOptionsReader.Read(ConfigurationLoader.Load(yaml, [], env)));
    }

    [Fact]
    public void Read_SecretError_NeverPrintsTheSecret()
    {
        var yaml = Write(MinimalYaml);

        var error = Should.Throw<ConfigurationException>(() => AgentOptionsReader.Read(ConfigurationLoader.Load(yaml, ["ingest_key.secret=hunter2"], new Dictionary<string, string>())));

        error.Message.ShouldNotContain("hunter2");
    }

    [Fact]
    public void Read_NoInputs_SaysHowToAddOne()
    {
        var yaml = Write("""
            agent: {partner: ee-cert, country: EE}
            ingest_key: {key_id: k, secret: 0123456789abcdef0123}
            """);

        Should.Throw<ConfigurationException>(() => AgentOptionsReader.Read(ConfigurationLoader.Load(yaml, [], new Dictionary<string, string>())))
            .Message.ShouldContain("inputs: is empty; add at least one input");
    }

    public void Dispose() => _dir.Dispose();

    private const string MinimalYaml = """
        agent: {partner: ee-cert, country: EE, name: s1}
        ingest_key: {key_id: k, secret: 0123456789abcdef0123}
        inputs:
          - type: file
            paths: [/tmp/x.log]
        """;

    private string Write(string yaml)
    {
        var path = _dir.File("agent.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
