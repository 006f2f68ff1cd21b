namespace CyberAgg.Sharing.Configuration;

/// <summary>The names <c>sharing.yaml</c> uses for <see cref="PersonalFields"/>.</summary>
public static class PersonalFieldNames
{
    public const string UserName = "user.name";
    public const string HostName = "host.name";
    public const string InternalIp = "internal.ip";
    public const string SourceIp = "source.ip";
    public const string DestinationIp = "destination.ip";

    /// <summary>What an agreement pseudonymises when it does not say: DESIGN §6's personal data.</summary>
    public const PersonalFields Default = PersonalFields.UserName | PersonalFields.HostName | PersonalFields.InternalIp;

    public static IReadOnlyList<string> All { get; } = [UserName, HostName, InternalIp, SourceIp, DestinationIp];

    public static bool TryParse(string name, out PersonalFields field)
    {
        field = name switch
        {
            UserName => PersonalFields.UserName,
            HostName => PersonalFields.HostName,
            InternalIp => PersonalFields.InternalIp,
            SourceIp => PersonalFields.SourceIp,
            DestinationIp => PersonalFields.DestinationIp,
            _ => PersonalFields.None,
        };
        return field != PersonalFields.None;
    }
}
