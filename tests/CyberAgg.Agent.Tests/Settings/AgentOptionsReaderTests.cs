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
                allow: [10.0.0.0/8, 192.0.2.7]
                max_connections: 50
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
        options.Inputs[2].Allow.Select(n => n.ToString()).ShouldBe(["10.0.0.0/8", "192.0.2.7/32"]);
        options.Inputs[2].MaxConnections.ShouldBe(50);
        options.Inputs[2].MaxConnectionsPerSource.ShouldBe(32);
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
    [InlineData("inputs.0.format=ndjson", "inputs.0.format")]
    [InlineData("inputs.0.allow=10.0.0.0/8", "inputs.0.allow")]
    [InlineData("inputs.0.tls.certificate=/x.pem", "inputs.0.tls")]
    [InlineData("inputs.0.max_connections=5", "inputs.0.max_connections")]
    [InlineData("delivery.max_message_bytes=1000", "delivery.max_message_bytes")]
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

    [Theory]
    [InlineData("0.0.0.0:5514", "syslog_tcp")]
    [InlineData("[::]:5514", "syslog_udp")]
    [InlineData("192.0.2.1:5514", "syslog_tcp")]
    public void Read_ListenerBeyondLoopbackWithoutAllowOrClientCertificates_RefusedWithTheFix(string listen, string type)
    {
        var yaml = Write(ListenerYaml($"type: {type}, listen: \"{listen}\""));

        var error = Should.Throw<ConfigurationException>(() => AgentOptionsReader.Read(ConfigurationLoader.Load(yaml, [], new Dictionary<string, string>())));

        error.Key.ShouldBe("inputs.0.listen");
        error.Message.ShouldContain("allow:");
        error.Message.ShouldContain("client_ca");
    }

    [Fact]
    public void Read_TlsWithClientCa_AllowsAnyAddressAndBindsTheFiles()
    {
        var cert = _dir.File("server.pem");
        var key = _dir.File("server.key");
        var ca = _dir.File("ca.pem");
        File.WriteAllText(cert, "x");
        File.WriteAllText(key, "x");
        File.WriteAllText(ca, "x");
        var yaml = Write(ListenerYaml($"type: syslog_tcp, listen: \"0.0.0.0:6514\", tls: {{certificate: {cert}, key: {key}, client_ca: {ca}}}"));

        var input = AgentOptionsReader.Read(ConfigurationLoader.Load(yaml, [], new Dictionary<string, string>())).Inputs.Single();

        input.Tls.ShouldNotBeNull();
        input.Tls.ClientCaFile.ShouldBe(ca);
        input.Tls.KeyFile.ShouldBe(key);
    }

    [Fact]
    public void Read_TlsCertificateMissing_NamesTheFile()
    {
        var yaml = Write(ListenerYaml("type: syslog_tcp, tls: {certificate: /nonexistent/server.pem, key: /nonexistent/server.key}"));

        var error = Should.Throw<ConfigurationException>(() => AgentOptionsReader.Read(ConfigurationLoader.Load(yaml, [], new Dictionary<string, string>())));

        error.Key.ShouldBe("inputs.0.tls.certificate");
        error.Message.ShouldContain("/nonexistent/server.pem");
    }

    [Fact]
    public void Read_BatchMaxBytesAtTheBrokerLimit_RefusedNamingBothKeys()
    {
        var yaml = Write(MinimalYaml);

        var error = Should.Throw<ConfigurationException>(() => AgentOptionsReader.Read(ConfigurationLoader.Load(yaml, ["batch.max_bytes=1MiB", "delivery.max_message_bytes=1MiB"], new Dictionary<string, string>())));

        error.Message.ShouldStartWith("batch.max_bytes:");
        error.Message.ShouldContain("delivery.max_message_bytes");
    }

    [Fact]
    public void Read_MaxMessageBytes_DefaultsUnderKafkasAndBinds()
    {
        var yaml = Write(MinimalYaml);

        AgentOptionsReader.Read(ConfigurationLoader.Load(yaml, [], new Dictionary<string, string>())).Delivery.MaxMessageBytes.ShouldBe(1_000_000);
        AgentOptionsReader.Read(ConfigurationLoader.Load(yaml, ["delivery.max_message_bytes=4MiB"], new Dictionary<string, string>())).Delivery.MaxMessageBytes.ShouldBe(4 * 1024 * 1024);
    }

    [Fact]
    public void Read_SuricataAndZeekFormats_Bind()
    {
        var yaml = Write(MinimalYaml);

        var eve = AgentOptionsReader.Read(ConfigurationLoader.Load(yaml, ["inputs.0.format=eve"], new Dictionary<string, string>()));
        var zeek = AgentOptionsReader.Read(ConfigurationLoader.Load(yaml, ["inputs.0.format=zeek"], new Dictionary<string, string>()));

        eve.Inputs[0].Format.ShouldBe(InputFormat.Eve);
        zeek.Inputs[0].Format.ShouldBe(InputFormat.Zeek);
    }

    [Fact]
    public void Read_DeployExample_LoadsWithSuricataZeekAndSyslogInputs()
    {
        var example = Path.Combine(AppContext.BaseDirectory, "../../../../../deploy/examples/agent.yaml");
        var env = new Dictionary<string, string> { ["AGENT_INGEST_SECRET"] = "0123456789abcdef0123" };

        var options = AgentOptionsReader.Read(ConfigurationLoader.Load(Path.GetFullPath(example), [], env));

        options.Inputs.Select(i => (i.Name, i.Format)).ShouldBe([
            ("suricata", InputFormat.Eve), ("zeek", InputFormat.Zeek), ("inputs.2", InputFormat.Syslog), ("inputs.3", InputFormat.Auto)]);
        options.Inputs[3].MaxConnections.ShouldBe(256);
    }

    public void Dispose() => _dir.Dispose();

    private static string ListenerYaml(string input) => $$"""
        agent: {partner: ee-cert, country: EE, name: s1}
        ingest_key: {key_id: k, secret: 0123456789abcdef0123}
        inputs:
          - {{{input}}}
        """;

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
