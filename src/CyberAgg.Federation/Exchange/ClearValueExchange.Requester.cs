namespace CyberAgg.Federation.Exchange;

/// <summary>The requester's side: open the owner's answer once, audit it, and give up on requests nobody answers.</summary>
public sealed partial class ClearValueExchange
{
    private string? Receive(ExchangeMessage answer, string topic, int partition, long offset, CancellationToken cancellationToken)
    {
        if (!pending.TryGetValue(answer.Id, out var request) || request.Owner != answer.From || request.Token != answer.Token || !pending.TryRemove(answer.Id, out _))
        {
            // An answer to nothing asked, from another node than asked, or a second copy of one already received.
            return Reject(answer, ExchangeReasons.UnknownRequest, topic, partition, offset, cancellationToken);
        }

        using var key = request.Key;
        var decision = answer.Decision == ExchangeReasons.Released ? ExchangeReasons.Released : ExchangeReasons.Refused;
        var reason = answer.Reason ?? "";
        string? value = null;
        if (decision == ExchangeReasons.Released)
        {
            value = answer.Nonce is null || answer.Sealed is null ? null
                : ValueSealing.Open(key, answer.EphemeralKey, answer.Id, options.Node, answer.From, answer.Token, answer.Nonce, answer.Sealed);
            if (value is null)
            {
                decision = ExchangeReasons.Failed;
                reason = ExchangeReasons.Undecryptable;
            }
        }

        var row = new ExchangeAuditRow(time.GetUtcNow(), request.Id, ExchangeAuditRow.RequesterRole, options.Node, request.Owner, request.Analyst, request.Token, request.AlertId,
            answer.Kind ?? "", decision, reason, answer.Agreement ?? "", answer.Tlp ?? "", request.RequestedAt, value ?? "");
        audit.WriteAsync(row, cancellationToken).GetAwaiter().GetResult();
        Log.ExchangeReceived(logger, request.Id, request.Owner, decision, reason);
        request.Completion.TrySetResult(new ExchangeOutcome(request.Id, request.Owner, request.Token, decision, reason, row.AgreementId, row.Tlp, row.Kind, value));
        return null;
    }

    /// <summary>Forgets answered ids older than the replay window (stale copies are refused by age) and gives up on requests no owner answered.</summary>
    private void Expire(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var id in answered.Where(p => p.Value < now - options.ExchangeMaxAge - MaxSkew - MaxSkew).Select(p => p.Key).ToList())
        {
            answered.Remove(id);
        }

        foreach (var request in pending.Values.Where(r => r.RequestedAt < now - options.ExchangeMaxAge - MaxSkew).ToList())
        {
            if (pending.TryRemove(request.Id, out _))
            {
                using var key = request.Key;
                audit.WriteAsync(new ExchangeAuditRow(now, request.Id, ExchangeAuditRow.RequesterRole, options.Node, request.Owner, request.Analyst, request.Token, request.AlertId, "", ExchangeReasons.Failed, "no_answer", "", "", request.RequestedAt), cancellationToken).GetAwaiter().GetResult();
                request.Completion.TrySetResult(new ExchangeOutcome(request.Id, request.Owner, request.Token, ExchangeReasons.Failed, "no_answer", "", "", "", null));
            }
        }
    }
}
