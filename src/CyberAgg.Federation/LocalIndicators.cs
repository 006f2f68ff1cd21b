using System.Collections.Concurrent;
using CyberAgg.Events;

namespace CyberAgg.Federation;

/// <summary>
/// The tokens of this node's own indicator values, with the clear value: kept in the node, never published. The
/// matcher shows an alert's clear indicator only when its token is here, that is when this node saw it itself. The
/// clear-value exchange reads the kind and the strictest TLP this node saw the value under, to decide a release.
/// </summary>
public sealed class LocalIndicators
{
    private readonly ConcurrentDictionary<string, OwnIndicator> clear = new(StringComparer.Ordinal);

    // Tokens of values this node saw under TLP:RED: never published, never shown through the matcher, never released.
    private readonly ConcurrentDictionary<string, long> red = new(StringComparer.Ordinal);

    public int Count => clear.Count;

    internal void Learn(string token, string value, long epoch) => Learn(token, value, epoch, "", Tlp.Clear);

    /// <summary>Remembers a published token; a later sighting under a stricter TLP makes the value's TLP stricter.</summary>
    internal void Learn(string token, string value, long epoch, string kind, Tlp tlp) =>
        clear.AddOrUpdate(
            token,
            _ => new OwnIndicator(value, epoch, kind, tlp),
            (_, old) => old with { Tlp = TlpNames.Strictest(old.Tlp, tlp), Kind = old.Kind.Length == 0 ? kind : old.Kind });

    /// <summary>Remembers that this node saw the value of <paramref name="token"/> under TLP:RED (it never leaves).</summary>
    internal void LearnRed(string token, long epoch) => red.TryAdd(token, epoch);

    /// <summary>The clear value (group key) behind <paramref name="token"/>, if this node saw it.</summary>
    public bool TryGetClear(string token, out string value)
    {
        var found = clear.TryGetValue(token, out var entry);
        value = entry?.Value ?? "";
        return found;
    }

    /// <summary>
    /// What this node knows of its own value behind <paramref name="token"/>: value, kind and the strictest TLP of its
    /// sightings (RED when any sighting was RED); false when it never saw it or has forgotten it.
    /// </summary>
    internal bool TryGetOwn(string token, out OwnIndicator indicator)
    {
        if (!clear.TryGetValue(token, out indicator!))
        {
            return false;
        }

        if (red.ContainsKey(token))
        {
            indicator = indicator with { Tlp = Tlp.Red };
        }

        return true;
    }

    /// <summary>Whether this node saw the value of <paramref name="token"/> under TLP:RED.</summary>
    internal bool IsRed(string token) => red.ContainsKey(token);

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

        foreach (var (token, e) in red)
        {
            if (e < epoch)
            {
                red.TryRemove(token, out _);
            }
        }
    }
}
