namespace CyberAgg.Configuration;

/// <summary>A configuration error; the message names the offending key and how to fix it.</summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(string key, string message)
        : base($"{key}: {message}")
    {
        Key = key;
    }

    public ConfigurationException(string key, string message, Exception inner)
        : base($"{key}: {message}", inner)
    {
        Key = key;
    }

    public ConfigurationException()
    {
        Key = "";
    }

    public ConfigurationException(string message)
        : base(message)
    {
        Key = "";
    }

    public ConfigurationException(string message, Exception inner)
        : base(message, inner)
    {
        Key = "";
    }

    /// <summary>The dotted key at fault, e.g. <c>kafka.security_protocol</c>.</summary>
    public string Key { get; }
}
