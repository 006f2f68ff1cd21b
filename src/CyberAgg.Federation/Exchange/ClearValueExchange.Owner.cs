using System.Security.Cryptography;

namespace CyberAgg.Federation.Exchange;

/// <summary>The owner's side: decide a request by the release agreements, audit, answer with the sealed value.</summary>
public sealed partial class ClearValueExchange
{
    private string? Answer(ExchangeMessage request, string topic, int partition, long offset, CancellationToken cancellationToken)
    {
        if (answered.ContainsKey(request.Id))
        {
            return Reject(request, ExchangeReasons.Replay, topic, partition, offset, cancellationToken);
        }

        var now = time.GetUtcNow();
        // Every answered request counts, refusals too: probing many tokens is throttled as much as collecting values.
        OwnIndicator? own = null;
        var decision = !WithinRate(request.From, now) ? ReleaseDecision.Refuse(ExchangeReasons.RateLimited)
            : policy.Decide(request.From, indicators.TryGetOwn(request.Token, out own) ? own : null);

        string? nonce = null;
        string? sealedValue = null;
        var (ephemeral, ephemeralPublic) = ValueSealing.NewKey();
        using (ephemeral)
        {
            if (decision.Released)
            {
                try
                {
                    (nonce, sealedValue) = ValueSealing.Seal(ephemeral, request.EphemeralKey, request.Id, request.From, options.Node, request.Token, own!.Value);
                }
                catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException)
                {
                    return Reject(request, ExchangeReasons.InvalidMessage, topic, partition, offset, cancellationToken);
                }
            }
        }

        var outcome = decision.Released ? ExchangeReasons.Released : ExchangeReasons.Refused;
        answered[request.Id] = now;
        // Audited before the answer leaves: a crash in between leaves a row and no answer, never the reverse.
        audit.WriteAsync(Row(request, ExchangeAuditRow.OwnerRole, outcome, decision.Reason, decision.AgreementId, decision.Tlp, decision.Kind), cancellationToken).GetAwaiter().GetResult();
        SendAsync(request.From, new ExchangeMessage
        {
            Type = ExchangeMessage.AnswerType,
            Id = request.Id,
            From = options.Node,
            To = request.From,
            Token = request.Token,
            At = now.ToUnixTimeMilliseconds(),
            EphemeralKey = ephemeralPublic,
            Decision = outcome,
            Reason = decision.Reason,
            Agreement = decision.AgreementId,
            Tlp = decision.Tlp,
            Kind = decision.Kind,
            Nonce = nonce,
            Sealed = sealedValue,
        }, cancellationToken).GetAwaiter().GetResult();
        FederationInstrumentation.ExchangeAnswers.Add(1, new KeyValuePair<string, object?>(FederationInstrumentation.Decision, outcome), new KeyValuePair<string, object?>(FederationInstrumentation.Reason, decision.Reason));
        Log.ExchangeAnswered(logger, request.Id, request.From, request.Analyst ?? "", outcome, decision.Reason);
        return null;
    }

    /// <summary>At most <see cref="FederationOptions.ExchangeMaxPerHour"/> answered requests per requester per hour.</summary>
    private bool WithinRate(string requester, DateTimeOffset now)
    {
        if (!perRequester.TryGetValue(requester, out var times))
        {
            times = new Queue<DateTimeOffset>();
            perRequester[requester] = times;
        }

        while (times.Count > 0 && times.Peek() <= now - TimeSpan.FromHours(1))
        {
            times.Dequeue();
        }

        if (times.Count >= options.ExchangeMaxPerHour)
        {
            return false;
        }

        times.Enqueue(now);
        return true;
    }
}
