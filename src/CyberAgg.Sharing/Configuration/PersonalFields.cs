namespace CyberAgg.Sharing.Configuration;

/// <summary>Fields an agreement can pseudonymise before an alert or event reaches a foreign partner.</summary>
[Flags]
public enum PersonalFields
{
    None = 0,

    /// <summary><c>user.name</c>.</summary>
    UserName = 1,

    /// <summary><c>host.name</c>.</summary>
    HostName = 2,

    /// <summary>Any IP field whose value is private, loopback, link-local or shared address space.</summary>
    InternalIp = 4,

    /// <summary><c>source.ip</c>, whatever its value.</summary>
    SourceIp = 8,

    /// <summary><c>destination.ip</c>, whatever its value.</summary>
    DestinationIp = 16,
}
