namespace CyberAgg.Embedded;

/// <summary>Thrown when an embedded listener cannot bind because its port is taken.</summary>
public sealed class PortInUseException : Exception
{
    public PortInUseException(string component, int port, Exception inner)
        : base($"{component}: port {port} is already in use.", inner)
    {
        Component = component;
        Port = port;
    }

    public PortInUseException()
    {
        Component = "";
    }

    public PortInUseException(string message)
        : base(message)
    {
        Component = "";
    }

    public PortInUseException(string message, Exception inner)
        : base(message, inner)
    {
        Component = "";
    }

    /// <summary>Which listener failed, e.g. "kafka" or "clickhouse".</summary>
    public string Component { get; }

    /// <summary>The port that was taken.</summary>
    public int Port { get; }
}
