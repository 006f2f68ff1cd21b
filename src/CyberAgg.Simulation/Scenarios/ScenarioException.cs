namespace CyberAgg.Simulation.Scenarios;

/// <summary>A scenario file is malformed; the message names the file, the key and the fix.</summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException()
    {
    }

    public ScenarioException(string message)
        : base(message)
    {
    }

    public ScenarioException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
