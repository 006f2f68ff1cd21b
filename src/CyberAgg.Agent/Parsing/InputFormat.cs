namespace CyberAgg.Agent.Parsing;

/// <summary>How an input's records are encoded; <see cref="Auto"/> decides per record by its first characters.</summary>
internal enum InputFormat
{
    Auto = 0,
    Syslog,
    Cef,
    Json,

    /// <summary>Plain text lines: the line is the message, the receive time the timestamp.</summary>
    Text,
}
