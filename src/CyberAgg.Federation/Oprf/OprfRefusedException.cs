namespace CyberAgg.Federation.Oprf;

/// <summary>A key service refused an evaluation (<see cref="Reason"/>, e.g. <c>rate_limited</c>) or did not answer.</summary>
public sealed class OprfRefusedException(string service, string reason, string message) : Exception(message)
{
    public string Service { get; } = service;

    public string Reason { get; } = reason;
}
