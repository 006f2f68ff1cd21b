namespace CyberAgg.Storage.Tables;

/// <summary>
/// A principal's visibility as query parameters, so the store filters before paging; SharingPolicy.Release
/// (in CyberAgg.Sharing) stays the authority and checks every row again.
/// </summary>
/// <param name="All">An operator: no filter.</param>
/// <param name="Me">The partner id.</param>
/// <param name="Allowed">Entries <c>owner|kind|tlp</c> that some agreement releases to the principal.</param>
/// <param name="AllowedAnyOwner">Entries <c>kind|tlp</c> released from any owner (agreements from '*').</param>
/// <param name="CrossBorderIndicatorsClear">Whether every agreement to the principal keeps cross-border indicators readable, so text search may match them.</param>
public sealed record AlertScope(
    bool All,
    string Me,
    IReadOnlyList<string> Allowed,
    IReadOnlyList<string> AllowedAnyOwner,
    bool CrossBorderIndicatorsClear);
