using System.CommandLine;
using CyberAgg.Cli.Commands;

var root = new RootCommand("CyberAgg: cross-border cyber-defense telemetry aggregator. Start with 'cyberagg demo' to see the whole product on this machine.")
{
    CyberAgg.Cli.Commands.Exercise.DemoCommand.Create(),
    InfraCommand.Create(),
    ServeCommand.Create(),
    CyberAgg.Cli.Commands.Rules.RulesCommand.Create(),
    CyberAgg.Cli.Commands.Bench.BenchCommand.Create(),
    CyberAgg.Cli.Commands.Exercise.SimulateCommand.Create(),
    CyberAgg.Cli.Commands.Soak.SoakCommand.Create(),
    CyberAgg.Cli.Commands.Sovereign.ExchangeCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
