using System.Diagnostics;
using System.Globalization;
using CyberAgg.Bench.Report;

namespace CyberAgg.Bench.Measurement;

/// <summary>Once a second: one progress line (events/s per stage) and one sample for the plot.</summary>
internal sealed class ProgressReporter(TextWriter output, Func<long> produced, PipelineMeter meter, Func<string> phase, Func<string> extra, long runStart)
{
    private readonly List<RateSample> samples = [];

    public IReadOnlyList<RateSample> Samples => samples;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var last = (T: Stopwatch.GetTimestamp(), P: produced(), C: meter.Received, S: meter.Stored);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = (T: Stopwatch.GetTimestamp(), P: produced(), C: meter.Received, S: meter.Stored);
                var dt = Stopwatch.GetElapsedTime(last.T, now.T).TotalSeconds;
                var sample = new RateSample(
                    Math.Round(Stopwatch.GetElapsedTime(runStart, now.T).TotalSeconds, 2), phase(),
                    Math.Round((now.P - last.P) / dt), Math.Round((now.C - last.C) / dt), Math.Round((now.S - last.S) / dt));
                samples.Add(sample);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  [{sample.Phase,-6} {sample.Seconds,6:F0}s] produced {now.P,11:N0} ({sample.Produced,9:N0}/s)  consumed {now.C,11:N0} ({sample.Consumed,9:N0}/s)  stored {now.S,11:N0} ({sample.Stored,9:N0}/s)  {extra()}"));
                last = now;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped at the end of the run.
        }
    }
}
