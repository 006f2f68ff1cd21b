using System.CommandLine;

namespace CyberAgg.Agent;

/// <summary>Entry point of <c>cyberagg-agent</c>; a thin shell over the parsing and delivery layers.</summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        // run and validate arrive with the delivery side (issue 3); --version and --help come from System.CommandLine.
        var root = new RootCommand("cyberagg-agent: collects security logs, normalises them to the CyberAgg event schema and ships them to Kafka.");
        return root.Parse(args).Invoke();
    }
}
