namespace CyberAgg.Agent.Parsing;

/// <summary>How an input's records are encoded; <see cref="Auto"/> decides per record by its first characters.</summary>
internal enum InputFormat
{
    Auto = 0,
    Syslog,
    Cef,
    Json,

    /// <summary>Suricata EVE JSON (<c>eve.json</c>); <see cref="Auto"/> and <see cref="Json"/> recognise it too.</summary>
    Eve,

    /// <summary>Zeek JSON logs; <see cref="Auto"/> and <see cref="Json"/> recognise them too.</summary>
    Zeek,

    /// <summary>Plain text lines: the line is the message, the receive time the timestamp.</summary>
    Text,
}
