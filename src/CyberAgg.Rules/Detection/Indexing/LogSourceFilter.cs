using CyberAgg.Rules.Detection.Predicates;
using CyberAgg.Rules.Events;

namespace CyberAgg.Rules.Detection.Indexing;

/// <summary>
/// The compiled log-source conditions of an engine, and the few event fields they read: an event's log sources are a
/// function of those fields alone, so <see cref="LogSourceCache"/> can remember them per distinct set of values.
/// </summary>
/// <remarks>
/// A condition that reads fields it cannot name in advance (a keyword search, possible in a custom mapping) is not
/// memoised; it is evaluated once per event that has a candidate rule of that log source.
/// </remarks>
internal sealed class LogSourceFilter
{
    private readonly EventPredicate?[] _predicates;
    private readonly bool[] _memoised;

    public LogSourceFilter(EventPredicate?[] predicates)
    {
        _predicates = predicates;
        _memoised = new bool[predicates.Length];
        var all = new Dictionary<string, bool>(StringComparer.Ordinal);
        for (var i = 0; i < predicates.Length; i++)
        {
            var reads = new FieldReads();
            if (predicates[i] is { } predicate && !predicate.CollectFields(reads))
            {
                continue;
            }

            _memoised[i] = true;
            foreach (var (field, value) in reads.Fields)
            {
                all[field] = value || all.GetValueOrDefault(field);
            }
        }

        KeyFields = [.. all.Keys.Order(StringComparer.Ordinal)];
        KeyReadsValue = [.. KeyFields.Select(f => all[f])];
    }

    /// <summary>Number of log sources (ids 0 to Count - 1).</summary>
    public int Count => _predicates.Length;

    /// <summary>The fields the memoised conditions read, in key-slot order.</summary>
    public string[] KeyFields { get; }

    /// <summary>Per key slot: whether a condition reads the value (else only whether the field is present).</summary>
    public bool[] KeyReadsValue { get; }

    /// <summary>Whether the log source's result depends on the key fields alone.</summary>
    public bool IsMemoised(int id) => _memoised[id];

    /// <summary>Whether the log source needs no evaluation: every event comes from it.</summary>
    public bool IsAlwaysTrue(int id) => _predicates[id] is null;

    public bool Evaluate(int id, IEventFields fields) => _predicates[id]?.Evaluate(fields) ?? true;
}
