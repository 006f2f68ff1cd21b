using System.Globalization;
using System.Text;

namespace CyberAgg.Cli.Commands.Soak;

/// <summary>The figures of one soak run and whether the storage and alert promises held.</summary>
internal sealed record SoakReport
{
    public required TimeSpan Duration { get; init; }

    public required int Rate { get; init; }

    public required int Seed { get; init; }

    public required int EventsAcked { get; init; }

    public required int EventsStored { get; init; }

    public required int Lost { get; init; }

    public required long Duplicates { get; init; }

    public required int Kills { get; init; }

    public required int Outages { get; init; }

    public required int UnexpectedExits { get; init; }

    public required int Replays { get; init; }

    public required int PoisonsSent { get; init; }

    public required int PoisonsDeadLettered { get; init; }

    public required int IndicatorsExpected { get; init; }

    public required int AlertsOnce { get; init; }

    public required int AlertsMissing { get; init; }

    public required int AlertsDuplicated { get; init; }

    public required int FalseCrossBorder { get; init; }

    public required int FailedDeliveries { get; init; }

    public required TimeSpan Drain { get; init; }

    /// <summary>Some lost or duplicated event ids and missing alerts, for the failure report.</summary>
    public IReadOnlyList<string> Examples { get; init; } = [];

    /// <summary>Duplicates per million acknowledged events.</summary>
    public double DuplicatesPpm => EventsAcked == 0 ? 0 : Duplicates * 1e6 / EventsAcked;

    /// <summary>Every acknowledged event stored once, every expected alert once, no false alert, every poison dead-lettered.</summary>
    public bool Passed =>
        Lost == 0 && Duplicates == 0 && AlertsMissing == 0 && AlertsDuplicated == 0 && FalseCrossBorder == 0
        && PoisonsDeadLettered == PoisonsSent && UnexpectedExits == 0;

    public string ToMarkdown()
    {
        var s = new StringBuilder();
        void Row(string what, string value) => s.Append(CultureInfo.InvariantCulture, $"| {what} | {value} |\n");
        s.Append(CultureInfo.InvariantCulture, $"Soak: {Duration.TotalSeconds:0} s at {Rate:N0} events/s, seed {Seed}: {(Passed ? "PASSED" : "FAILED")}\n\n");
        s.Append("| measure | value |\n|---|---:|\n");
        Row("events acknowledged by Kafka", EventsAcked.ToString("N0", CultureInfo.InvariantCulture));
        Row("distinct events stored", EventsStored.ToString("N0", CultureInfo.InvariantCulture));
        Row("lost", Lost.ToString("N0", CultureInfo.InvariantCulture));
        Row("duplicates (ppm)", string.Create(CultureInfo.InvariantCulture, $"{Duplicates:N0} ({DuplicatesPpm:0.#})"));
        Row("correlator SIGKILLs / unexpected exits", string.Create(CultureInfo.InvariantCulture, $"{Kills} / {UnexpectedExits}"));
        Row("broker outages", Outages.ToString(CultureInfo.InvariantCulture));
        Row("acknowledged batches replayed", Replays.ToString(CultureInfo.InvariantCulture));
        Row("poison messages dead-lettered", string.Create(CultureInfo.InvariantCulture, $"{PoisonsDeadLettered} of {PoisonsSent}"));
        Row("cross-border alerts present once", string.Create(CultureInfo.InvariantCulture, $"{AlertsOnce} of {IndicatorsExpected} (missing {AlertsMissing}, duplicated {AlertsDuplicated}, false {FalseCrossBorder})"));
        Row("deliveries Kafka refused (not covered)", FailedDeliveries.ToString(CultureInfo.InvariantCulture));
        Row("drain after traffic stopped", string.Create(CultureInfo.InvariantCulture, $"{Drain.TotalSeconds:0.0} s"));
        foreach (var example in Examples)
        {
            s.Append("- ").Append(example).Append('\n');
        }

        return s.ToString();
    }
}
