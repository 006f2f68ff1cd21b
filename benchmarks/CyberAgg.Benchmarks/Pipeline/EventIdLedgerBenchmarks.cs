using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using CyberAgg.Correlator.Pipeline;

namespace CyberAgg.Benchmarks.Pipeline;

/// <summary>
/// The correlator's duplicate check per event, as the pipeline drives it: the decode stage reserves each id on its
/// partition (six partitions), the storage stage keeps each accumulated range's ids once, and every 100,000 events an
/// insert commits them. The committed set starts full (a million ids, as after a seeded restart), so adding evicts.
/// Baseline: the ledger before 2026-12-03 (strings in a set per partition, FNV-1a for the committed set, and the
/// decode stage's per-batch id set). Ids are 64 hex characters, like the agent's SHA-256 event ids. Per event.
/// </summary>
[MemoryDiagnoser]
public class EventIdLedgerBenchmarks
{
    private const int Partitions = 6;
    private const int Events = 300_000;
    private const int InsertEvents = 100_000;
    private const int BatchEvents = 50_000;
    private const int Capacity = 1_000_000;
    private readonly string[] ids = Ids("run", Events);
    private readonly string[] seed = Ids("seed", Capacity);
    private StringIdLedgerBefore before = null!;
    private EventIdLedger after = null!;

    [IterationSetup(Target = nameof(StringSetsBefore))]
    public void SetupBefore()
    {
        before = new StringIdLedgerBefore(Capacity);
        before.Seed(seed);
    }

    [IterationSetup(Target = nameof(HashedKeys))]
    public void SetupAfter()
    {
        after = new EventIdLedger(Capacity);
        after.Seed(seed);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public int StringSetsBefore()
    {
        var batch = NewSets<string>(StringComparer.Ordinal);
        var accumulated = NewSets<string>(StringComparer.Ordinal);
        var duplicates = 0;
        for (var i = 0; i < ids.Length; i++)
        {
            var partition = i % Partitions;
            if (before.TryReserve(partition, ids[i]))
            {
                batch[partition].Add(ids[i]);
            }
            else
            {
                duplicates++;
            }

            if (i % BatchEvents == BatchEvents - 1)
            {
                // The storage stage takes the batch: the ids go into the accumulated range once.
                foreach (var (p, set) in batch.Select((s, p) => (p, s)))
                {
                    foreach (var id in set)
                    {
                        accumulated[p].Add(id);
                    }

                    set.Clear();
                }
            }

            if (i % InsertEvents == InsertEvents - 1)
            {
                for (var p = 0; p < Partitions; p++)
                {
                    before.Committed(p, accumulated[p]);
                    accumulated[p].Clear();
                }
            }
        }

        return duplicates;
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public int HashedKeys()
    {
        var accumulated = NewSets<ulong>(EqualityComparer<ulong>.Default);
        var duplicates = 0;
        for (var i = 0; i < ids.Length; i++)
        {
            var partition = i % Partitions;
            if (!after.TryReserve(partition, ids[i]))
            {
                duplicates++;
            }

            if (i % BatchEvents == BatchEvents - 1)
            {
                // The storage stage takes the batch: each row's id key goes into the accumulated range once.
                for (var j = i - BatchEvents + 1; j <= i; j++)
                {
                    accumulated[j % Partitions].Add(EventIdLedger.Key(ids[j]));
                }
            }

            if (i % InsertEvents == InsertEvents - 1)
            {
                for (var p = 0; p < Partitions; p++)
                {
                    after.Committed(p, accumulated[p]);
                    accumulated[p].Clear();
                }
            }
        }

        return duplicates;
    }

    private static HashSet<T>[] NewSets<T>(IEqualityComparer<T> comparer) =>
        Enumerable.Range(0, Partitions).Select(_ => new HashSet<T>(comparer)).ToArray();

    private static string[] Ids(string prefix, int count) =>
        Enumerable.Range(0, count)
            .Select(i => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(prefix + i.ToString(CultureInfo.InvariantCulture)))))
            .ToArray();
}
