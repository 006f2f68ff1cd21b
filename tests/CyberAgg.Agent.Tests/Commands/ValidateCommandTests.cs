using CyberAgg.Agent.Commands;
using CyberAgg.Agent.Tests.Support;
using CyberAgg.Testing;

namespace CyberAgg.Agent.Tests.Commands;

[Collection(AgentKafkaCollection.Name)]
public sealed class ValidateCommandTests(KafkaFixture fixture) : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void Run_GoodConfigAndKafkaUp_PrintsOkLinesAndExitsZero()
    {
        using var output = new StringWriter();

        var exit = ValidateCommand.Run(Config(), ["kafka.bootstrap=" + fixture.BootstrapServers], TimeSpan.FromSeconds(10), output);

        output.ToString().ShouldContain("kafka   ok");
        output.ToString().ShouldContain("OK: the agent can run");
        exit.ShouldBe(0, output.ToString());
    }

    [Fact]
    public void Run_KafkaUnreachable_SaysWhichKeyToCheckAndFails()
    {
        using var output = new StringWriter();
        // A port nothing listens on: bound and released by the OS a moment ago.
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        var exit = ValidateCommand.Run(Config(), [$"kafka.bootstrap=127.0.0.1:{port}"], TimeSpan.FromSeconds(2), output);

        exit.ShouldBe(1);
        output.ToString().ShouldContain("kafka   FAIL");
        output.ToString().ShouldContain("kafka.bootstrap");
    }

    [Fact]
    public void Run_BadConfig_NamesTheKeyAndExitsTwo()
    {
        using var output = new StringWriter();

        var exit = ValidateCommand.Run(Config(), ["agent.country=Estonia"], TimeSpan.FromSeconds(1), output);

        exit.ShouldBe(2);
        output.ToString().ShouldContain("agent.country");
    }

    [Fact]
    public void Run_SyslogPortTaken_NamesTheInputsIndexKey()
    {
        using var output = new StringWriter();
        using var squatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((System.Net.IPEndPoint)squatter.LocalEndpoint).Port;

        var exit = ValidateCommand.Run(Config(), ["kafka.bootstrap=" + fixture.BootstrapServers, "inputs.1.type=syslog_tcp", "inputs.1.name=tcp", $"inputs.1.listen=127.0.0.1:{port}"], TimeSpan.FromSeconds(10), output);

        exit.ShouldBe(1);
        output.ToString().ShouldContain("choose another address with inputs.1.listen");
    }

    public void Dispose() => _dir.Dispose();

    private FileInfo Config()
    {
        var path = _dir.File("agent.yaml");
        File.WriteAllText(path, $"""
            agent: {"{"}partner: ee-cert, country: EE, name: s1, data_dir: {_dir.File("state")}{"}"}
            ingest_key: {"{"}key_id: k, secret: 0123456789abcdef0123{"}"}
            inputs:
              - type: file
                paths: [{_dir.File("*.log")}]
            """);
        return new FileInfo(path);
    }
}
