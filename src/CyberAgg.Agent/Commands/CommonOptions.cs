using System.CommandLine;
using CyberAgg.Agent.Settings;
using CyberAgg.Configuration;

namespace CyberAgg.Agent.Commands;

/// <summary>The <c>--config</c> and <c>--set</c> options shared by <c>run</c> and <c>validate</c>.</summary>
internal static class CommonOptions
{
    public static Option<FileInfo?> Config() => new("--config", "-c")
    {
        Description = "YAML configuration file (see deploy/examples/agent.yaml). Environment variables CYBERAGG_SECTION__KEY override it.",
    };

    public static Option<string[]> Set() => new("--set")
    {
        Description = "Override one setting, e.g. --set kafka.bootstrap=10.0.0.5:9092 --set inputs.0.paths=/var/log/x.log (repeatable).",
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <exception cref="ConfigurationException">The configuration is missing, malformed or invalid.</exception>
    public static AgentOptions Load(FileInfo? config, string[]? sets) =>
        AgentOptionsReader.Read(ConfigurationLoader.Load(config?.FullName, sets ?? []));
}
