using System.Collections.Concurrent;

namespace CyberAgg.Api.Stream;

/// <summary>Counts open streams per token, so one token cannot hold hundreds of connections.</summary>
internal sealed class StreamLimiter(int perToken)
{
    private readonly ConcurrentDictionary<string, int> open = new(StringComparer.Ordinal);

    /// <summary>Takes a slot for <paramref name="token"/>; false when it holds <c>perToken</c> already.</summary>
    public bool TryAcquire(string token)
    {
        while (true)
        {
            var current = open.GetOrAdd(token, 0);
            if (current >= perToken)
            {
                return false;
            }

            if (open.TryUpdate(token, current + 1, current))
            {
                return true;
            }
        }
    }

    public void Release(string token)
    {
        while (true)
        {
            if (!open.TryGetValue(token, out var current))
            {
                return;
            }

            if (current <= 1)
            {
                if (open.TryRemove(new KeyValuePair<string, int>(token, current)))
                {
                    return;
                }
            }
            else if (open.TryUpdate(token, current - 1, current))
            {
                return;
            }
        }
    }
}
