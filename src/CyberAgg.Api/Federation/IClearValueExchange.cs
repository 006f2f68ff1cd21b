namespace CyberAgg.Api.Federation;

/// <summary>
/// A sovereign-mode node's clear-value exchange, as the API offers it to the node's own analysts: ask the node that
/// published a token for its clear value, and read the answers (docs/sovereign-mode.md). Registered by <c>serve</c>
/// when <c>federation.enabled</c>; absent, the endpoints answer 404.
/// </summary>
public interface IClearValueExchange
{
    /// <summary>This node's id in the alliance.</summary>
    string Node { get; }

    /// <summary>Whether a principal may ask in this node's name and read the values: operators and the partners this node holds.</summary>
    bool MayRequest(string principalId, bool isAdmin);

    /// <summary>The member nodes of <paramref name="countries"/> other than this one.</summary>
    IReadOnlyList<string> OwnersIn(IReadOnlyCollection<string> countries);

    /// <summary>Sends a request and waits up to <paramref name="wait"/> for the answer.</summary>
    /// <exception cref="ArgumentException">The token or the owner is not valid; the message says which and why.</exception>
    Task<ExchangeView> RequestAsync(string token, string owner, string analyst, string? alertId, TimeSpan wait, CancellationToken cancellationToken);

    /// <summary>The state of a request this node sent, or null.</summary>
    Task<ExchangeView?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>The newest requests this node sent, newest first.</summary>
    Task<IReadOnlyList<ExchangeView>> RecentAsync(int limit, CancellationToken cancellationToken);
}
