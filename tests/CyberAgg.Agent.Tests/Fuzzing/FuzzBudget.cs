using System.Diagnostics;
using System.Globalization;

namespace CyberAgg.Agent.Tests.Fuzzing;

/// <summary>
/// How long each fuzz target runs and from which seed: <c>CYBERAGG_FUZZ_SECONDS</c> (default 2, so ./test.sh stays
/// fast; set 3600 for an hour by hand) and <c>CYBERAGG_FUZZ_SEED</c> (default: random, printed, so a finding replays).
/// </summary>
internal sealed class FuzzBudget
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public FuzzBudget()
    {
        Seconds = double.TryParse(Environment.GetEnvironmentVariable("CYBERAGG_FUZZ_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 2;
        Seed = int.TryParse(Environment.GetEnvironmentVariable("CYBERAGG_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : Random.Shared.Next();
    }

    public double Seconds { get; }

    public int Seed { get; }

    public long Executions { get; private set; }

    /// <summary>True while time remains; counts one execution per call.</summary>
    public bool Next()
    {
        Executions++;
        return _clock.Elapsed.TotalSeconds < Seconds;
    }

    public override string ToString() => $"{Executions} executions in {_clock.Elapsed.TotalSeconds:F1} s, seed {Seed} (replay: CYBERAGG_FUZZ_SEED={Seed})";
}
