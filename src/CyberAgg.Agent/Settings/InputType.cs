namespace CyberAgg.Agent.Settings;

/// <summary>Kinds of input (<c>inputs[].type</c>).</summary>
internal enum InputType
{
    File,
    SyslogUdp,
    SyslogTcp,
    Stdin,
}
