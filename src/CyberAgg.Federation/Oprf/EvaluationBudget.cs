namespace CyberAgg.Federation.Oprf;

/// <summary>
/// Points a key service has evaluated per member node per epoch, against <c>federation.key_service.max_per_epoch</c>.
/// A request is granted whole or refused whole. Counts live in memory: a restarted service starts them again.
/// </summary>
internal sealed class EvaluationBudget(int maxPerEpoch)
{
    private readonly Dictionary<(string Node, long Epoch), long> used = [];

    /// <summary>Reserves <paramref name="points"/> for <paramref name="node"/> in <paramref name="epoch"/>; false (nothing reserved) when over the budget.</summary>
    public bool TryTake(string node, long epoch, int points)
    {
        lock (used)
        {
            var already = used.GetValueOrDefault((node, epoch));
            if (already + points > maxPerEpoch)
            {
                return false;
            }

            used[(node, epoch)] = already + points;
            return true;
        }
    }

    /// <summary>Returns <paramref name="points"/> taken for a request that was not answered after all.</summary>
    public void Give(string node, long epoch, int points)
    {
        lock (used)
        {
            used[(node, epoch)] = Math.Max(0, used.GetValueOrDefault((node, epoch)) - points);
        }
    }

    public long Used(string node, long epoch)
    {
        lock (used)
        {
            return used.GetValueOrDefault((node, epoch));
        }
    }

    /// <summary>Drops the counts of epochs before <paramref name="epoch"/>, which no request may name any more.</summary>
    public void ForgetBefore(long epoch)
    {
        lock (used)
        {
            foreach (var key in used.Keys.Where(k => k.Epoch < epoch).ToList())
            {
                used.Remove(key);
            }
        }
    }
}
