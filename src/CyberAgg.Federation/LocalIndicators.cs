using System.Collections.Concurrent;

namespace CyberAgg.Federation;

/// <summary>
/// The tokens of this node's own indicator values, with the clear value: kept in the node, never published. The
/// matcher shows an alert's clear indicator only when its token is here, that is when this node saw it itself.
/// </summary>
public sealed class LocalIndicators
{
    private readonly ConcurrentDictionary<string, (string Value, long Epoch)> clear = new(StringComparer.Ordinal);

    public int Count => clear.Count;

    internal void Learn(string token, string value, long epoch) => clear.TryAdd(token, (value, epoch));

    /// <summary>The clear value (group key) behind <paramref name="token"/>, if this node saw it.</summary>
    public bool TryGetClear(string token, out string value)
    {
        var found = clear.TryGetValue(token, out var entry);
        value = entry.Value;
        return found;
    }

    /// <summary>Forgets the tokens of key epochs before <paramref name="epoch"/>: no open window can use them.</summary>
    internal void ForgetBefore(long epoch)
    {
        foreach (var (token, entry) in clear)
        {
            if (entry.Epoch < epoch)
            {
                clear.TryRemove(token, out _);
            }
        }
    }
}
