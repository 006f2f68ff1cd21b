using ClickHouse.Driver.ADO.Parameters;
using ClickHouse.Driver.Utility;

namespace CyberAgg.Storage.Tables;

/// <summary>
/// Which rows of a partner-owned table a caller may read, applied by the table gateways so no query forgets it: the
/// caller's own rows at every TLP, and another owner's rows only at a TLP some agreement releases to the caller.
/// </summary>
/// <param name="All">An operator: every row.</param>
/// <param name="Me">The caller's partner id.</param>
/// <param name="OwnerTlps">Entries <c>owner|TLP</c> (TLP 2.0 names) released to the caller.</param>
/// <param name="AnyOwnerTlps">TLP names released from any owner, configured or not (agreements from <c>*</c>).</param>
public sealed record RowScope(bool All, string Me, IReadOnlyList<string> OwnerTlps, IReadOnlyList<string> AnyOwnerTlps)
{
    /// <summary>Sees everything.</summary>
    public static RowScope Operator(string id) => new(true, id, [], []);

    /// <summary>The caller's own rows only (an operator's: still every row), for reads that never cross owners.</summary>
    public RowScope OwnRowsOnly() => this with { OwnerTlps = [], AnyOwnerTlps = [] };

    /// <summary>Whether some rows of <paramref name="owner"/> may be visible, at one TLP at least.</summary>
    public bool MaySeeSomeOf(string owner) =>
        All || owner == Me || AnyOwnerTlps.Count > 0 || OwnerTlps.Any(e => e.StartsWith(owner + "|", StringComparison.Ordinal));

    /// <summary>
    /// The scope as a SQL condition over <c>partner</c> and <c>tlp</c> columns, with its parameters named
    /// <c>scope_*</c>. A label the store does not recognise matches no entry, so it fails closed (as RED).
    /// </summary>
    public string Condition(ClickHouseParameterCollection parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.AddParameter("scope_all", All ? 1 : 0);
        parameters.AddParameter("scope_me", Me);
        parameters.AddParameter("scope_owner_tlps", OwnerTlps.ToArray());
        parameters.AddParameter("scope_any_tlps", AnyOwnerTlps.ToArray());
        return "({scope_all:UInt8} = 1 OR partner = {scope_me:String} " +
            "OR has({scope_owner_tlps:Array(String)}, concat(partner, '|', tlp)) OR has({scope_any_tlps:Array(String)}, tlp))";
    }
}
