using System.Diagnostics;
using CyberAgg.Bench.Report;

namespace CyberAgg.Bench.Measurement;

/// <summary>
/// Every garbage collection of the run, as the runtime last reported each kind (ephemeral, full blocking, background),
/// polled every few milliseconds: its generation, whether it blocked, its pause and what it promoted, and when in which
/// phase it ran. Two collections of one kind inside one poll interval show as one (gen0 collections here come tens of
/// milliseconds apart or more).
/// </summary>
internal sealed class GcLog(Func<string> phase, TimeSpan interval)
{
    private static readonly GCKind[] Kinds = [GCKind.Ephemeral, GCKind.FullBlocking, GCKind.Background];
    private readonly List<GcRecord> records = [];
    private readonly HashSet<long> seen = [];
    private readonly Lock gate = new();
    private string lastPhase = "";
    private long phaseStart;

    public IReadOnlyList<GcRecord> Records
    {
        get
        {
            lock (gate)
            {
                return [.. records];
            }
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                Poll();
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped with the run's other background work.
        }
    }

    /// <summary>Records the collections not seen yet.</summary>
    public void Poll()
    {
        var now = Stopwatch.GetTimestamp();
        var current = phase();
        lock (gate)
        {
            if (current != lastPhase)
            {
                lastPhase = current;
                phaseStart = now;
            }

            foreach (var kind in Kinds)
            {
                var info = GC.GetGCMemoryInfo(kind);
                if (info.Index == 0 || !seen.Add(info.Index))
                {
                    continue;
                }

                var pause = TimeSpan.Zero;
                foreach (var p in info.PauseDurations)
                {
                    pause += p;
                }

                records.Add(new GcRecord(
                    info.Index, current, Stopwatch.GetElapsedTime(phaseStart, now).TotalSeconds, info.Generation, kind == GCKind.Background,
                    info.Compacted, pause.TotalMilliseconds, info.PromotedBytes / 1048576.0));
            }
        }
    }

    /// <summary>The collections of <paramref name="phaseName"/> whose poll fell in [from, to) seconds into it, summed.</summary>
    public static GcWindow Window(IReadOnlyList<GcRecord> records, string phaseName, double from, double to, string label)
    {
        var inside = records.Where(r => r.Phase == phaseName && r.SecondsIntoPhase >= from && r.SecondsIntoPhase < to).ToList();
        var largest = inside.OrderByDescending(r => r.PauseMs).FirstOrDefault();
        return new GcWindow(
            label,
            inside.Count,
            inside.Count(r => r.Generation == 0),
            inside.Count(r => r.Generation == 1),
            inside.Count(r => r.Generation == 2 && !r.Background),
            inside.Count(r => r.Generation == 2 && r.Background),
            Math.Round(inside.Sum(r => r.PauseMs), 1),
            Math.Round(largest?.PauseMs ?? 0, 1),
            largest?.Generation ?? -1,
            Math.Round(largest?.PromotedMib ?? 0, 1));
    }
}
