using System.CommandLine;
using CyberAgg.Cli.Commands;

var root = new RootCommand("CyberAgg: cross-border cyber-defense telemetry aggregator. Start with 'cyberagg infra' to run Kafka and ClickHouse on this machine.")
{
    InfraCommand.Create(),
    ServeCommand.Create(),
    CyberAgg.Cli.Commands.Rules.RulesCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
