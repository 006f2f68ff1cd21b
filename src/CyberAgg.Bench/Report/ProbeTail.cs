namespace CyberAgg.Bench.Report;

/// <summary>
/// The slowest twentieth of a phase's probes (send → rule fired) against the others: what the runtime's garbage
/// collector did while each waited, and when in the phase the slow ones were sent. Evidence for where the p99 goes.
/// </summary>
/// <param name="Probes">Probes of the phase whose rule fired.</param>
/// <param name="Slowest">How many are in the slowest twentieth (at least one).</param>
/// <param name="SlowestFromMs">The fastest of the slowest: the tail starts here.</param>
/// <param name="SlowestGcPauseMs">Median GC pause inside the wait of a slow probe.</param>
/// <param name="OthersGcPauseMs">The same for the others.</param>
/// <param name="SlowestWithGen2">Share of the slow probes during whose wait a generation-2 collection ran.</param>
/// <param name="OthersWithGen2">The same for the others.</param>
/// <param name="SlowestSentAtSeconds">When each slow probe was sent, in seconds after the phase's first probe, in order.</param>
public sealed record ProbeTail(
    int Probes,
    int Slowest,
    double SlowestFromMs,
    double SlowestGcPauseMs,
    double OthersGcPauseMs,
    double SlowestWithGen2,
    double OthersWithGen2,
    IReadOnlyList<double> SlowestSentAtSeconds);
