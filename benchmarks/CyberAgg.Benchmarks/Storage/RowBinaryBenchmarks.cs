using BenchmarkDotNet.Attributes;
using CyberAgg.Events;
using CyberAgg.Storage.Writers;

namespace CyberAgg.Benchmarks.Storage;

/// <summary>
/// Preparing events for the ClickHouse insert: the <c>object[]</c> rows the correlator built until issue 16 (boxed
/// values, which ClickHouse.Driver then serialised to RowBinary inside InsertBinaryAsync; the mapping is kept here
/// only as the baseline), against <see cref="EventRows"/> writing RowBinary into the chunk buffer the insert streams,
/// and against rows encoded ahead of the insert (<see cref="EncodedEventRows"/>), as the correlator does now.
/// The request itself needs a server round trip, so it is measured end to end by <c>cyberagg bench</c>.
/// </summary>
[MemoryDiagnoser]
public class RowBinaryBenchmarks
{
    private const int Events = 10_000;
    private static readonly Dictionary<string, string> Empty = [];
    private readonly RowBinaryBuffer buffer = new(4 * 1024 * 1024);
    private readonly List<object[]> rows = new(Events);
    private SecurityEvent[] events = [];
    private DateTimeOffset ingestedAt;

    [GlobalSetup]
    public void Setup()
    {
        ingestedAt = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        events = Enumerable.Range(0, Events).Select(i => SampleEvents.Network(i, 10_000, ingestedAt)).ToArray();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public int ObjectRows()
    {
        rows.Clear();
        var at = ingestedAt.UtcDateTime;
        foreach (var e in events)
        {
            rows.Add(
            [
                e.EventId ?? "", e.Timestamp.UtcDateTime, at, e.Partner ?? "", e.Country ?? "", e.ObserverName ?? "",
                e.Kind ?? "", e.Category ?? "", e.Action ?? "", e.Outcome ?? "",
                (byte)Math.Clamp(e.Severity ?? 0, 0, 255), e.SourceIp ?? "", (ushort)Math.Clamp(e.SourcePort ?? 0, 0, 65535),
                e.DestinationIp ?? "", (ushort)Math.Clamp(e.DestinationPort ?? 0, 0, 65535), e.NetworkTransport ?? "",
                e.DnsQuestionName ?? e.UrlDomain ?? "", e.UrlFull ?? "", e.FileHashSha256 ?? "", e.FileName ?? "",
                e.UserName ?? "", e.HostName ?? "", e.ProcessExecutable ?? "", e.ProcessCommandLine ?? "",
                e.ThreatTechniqueId ?? "", e.Tlp.ToName(), (byte)(e.Trusted ? 1 : 0), e.Message ?? "",
                e.LabelsOrNull ?? Empty, e.AttributesOrNull ?? Empty, 0,
            ]);
        }

        return rows.Count;
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public int EventRowsRowBinary()
    {
        buffer.Clear();
        var all = new EventRows(events, ingestedAt, 0);
        for (var i = 0; i < Events; i++)
        {
            all.Write(i, buffer);
        }

        return buffer.WrittenCount;
    }

    /// <summary>
    /// The correlator's path since rows are encoded when the store takes a batch: each event written once into pooled
    /// chunks (<see cref="EncodedEventRows"/>), then the insert copies the rows into its chunk buffer as they are.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public int EncodedAtAcceptThenInserted()
    {
        using var encoded = new EncodedEventRows(Events);
        var at = ingestedAt.ToUnixTimeMilliseconds();
        foreach (var e in events)
        {
            encoded.Add(e, at, 0);
        }

        buffer.Clear();
        var all = encoded.All();
        for (var i = 0; i < all.Count; i++)
        {
            all.Write(i, buffer);
        }

        return buffer.WrittenCount;
    }
}
