using System.CommandLine;
using CyberAgg.Agent.Commands;

namespace CyberAgg.Agent;

/// <summary>Entry point of <c>cyberagg-agent</c>; a thin shell over the sources, pipeline and delivery layers.</summary>
internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        MallocArenas.UseOne();
        var root = new RootCommand("cyberagg-agent: collects security logs, normalises them to the CyberAgg event schema and ships them to Kafka.")
        {
            RunCommand.Create(),
            ValidateCommand.Create(),
        };
        return root.Parse(args).InvokeAsync();
    }
}
