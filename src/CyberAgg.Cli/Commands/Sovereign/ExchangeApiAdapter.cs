using CyberAgg.Api.Federation;
using CyberAgg.Federation;
using CyberAgg.Federation.Exchange;

namespace CyberAgg.Cli.Commands.Sovereign;

/// <summary>The node's <see cref="ClearValueExchange"/> behind the API's <see cref="IClearValueExchange"/>, for <c>serve</c>.</summary>
internal sealed class ExchangeApiAdapter(ClearValueExchange exchange, FederationOptions options) : IClearValueExchange
{
    public string Node => exchange.Node;

    public bool MayRequest(string principalId, bool isAdmin) => isAdmin || options.Partners.Contains(principalId, StringComparer.Ordinal);

    public IReadOnlyList<string> OwnersIn(IReadOnlyCollection<string> countries) => exchange.OwnersIn(countries);

    public async Task<ExchangeView> RequestAsync(string token, string owner, string analyst, string? alertId, TimeSpan wait, CancellationToken cancellationToken)
    {
        var request = await exchange.RequestAsync(token, owner, analyst, alertId, cancellationToken);
        try
        {
            var outcome = await request.Answer.WaitAsync(wait, cancellationToken);
            return new ExchangeView(request.Id, request.Owner, request.Token, outcome.Decision, outcome.Reason, outcome.AgreementId, outcome.Tlp, outcome.Kind, outcome.Value, analyst, alertId ?? "", request.RequestedAt, null);
        }
        catch (TimeoutException)
        {
            // The owner answers later (or never); GET /api/federation/exchanges/{id} shows it then.
            return new ExchangeView(request.Id, request.Owner, request.Token, ExchangeReasons.Requested, "", "", "", "", null, analyst, alertId ?? "", request.RequestedAt, null);
        }
    }

    public async Task<ExchangeView?> FindAsync(string id, CancellationToken cancellationToken) =>
        View(await exchange.RowsAsync(id, cancellationToken));

    public async Task<IReadOnlyList<ExchangeView>> RecentAsync(int limit, CancellationToken cancellationToken)
    {
        var rows = await exchange.RecentAsync(Math.Min(1000, limit * 4), cancellationToken);
        return rows.Where(r => r.Role == ExchangeAuditRow.RequesterRole).GroupBy(r => r.RequestId)
            .Select(g => View(g.OrderBy(r => r.AuditedAt).ToList())).OfType<ExchangeView>()
            .OrderByDescending(v => v.RequestedAt).Take(limit).ToList();
    }

    /// <summary>A request's state from this node's audit rows of it: the request row, then the answer (rejected copies ignored).</summary>
    private static ExchangeView? View(IReadOnlyList<ExchangeAuditRow> rows)
    {
        var mine = rows.Where(r => r.Role == ExchangeAuditRow.RequesterRole && r.Decision != ExchangeReasons.Rejected).ToList();
        if (mine.FirstOrDefault(r => r.Decision == ExchangeReasons.Requested) is not { } asked)
        {
            return null;
        }

        var answer = mine.LastOrDefault(r => r.Decision != ExchangeReasons.Requested);
        return answer is null
            ? new ExchangeView(asked.RequestId, asked.Owner, asked.Token, ExchangeReasons.Requested, "", "", "", "", null, asked.Analyst, asked.AlertId, asked.RequestedAt, null)
            : new ExchangeView(asked.RequestId, asked.Owner, asked.Token, answer.Decision, answer.Reason, answer.AgreementId, answer.Tlp, answer.Kind,
                answer.Decision == ExchangeReasons.Released ? answer.ClearValue : null, asked.Analyst, asked.AlertId, asked.RequestedAt, answer.AuditedAt);
    }
}
