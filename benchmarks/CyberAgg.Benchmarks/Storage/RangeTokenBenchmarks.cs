using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using CyberAgg.Correlator.Pipeline;
using CyberAgg.Events;
using CyberAgg.Storage.Writers;

namespace CyberAgg.Benchmarks.Storage;

/// <summary>
/// The content hash in a range's insert token, computed once per range as the store inserts it: one partition's share
/// of the bench's 100,000-event insert (16,667 rows, 64-hex event ids). Baseline: the hash as it was fed before
/// 2026-12-06, two arrays and three calls into the hash per row; after: the same bytes through one pooled buffer. Per row.
/// </summary>
[MemoryDiagnoser]
public class RangeTokenBenchmarks
{
    private const int Rows = 16_667;
    private readonly EncodedEventRows rows = new();
    private readonly List<DeadLetterRecord> deadLetters = [];

    [GlobalSetup]
    public void Setup()
    {
        var t0 = new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < Rows; i++)
        {
            var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(i.ToString(CultureInfo.InvariantCulture))));
            rows.Add(new SecurityEvent { EventId = id, Timestamp = t0.AddMilliseconds(i) }, 0, 0);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => rows.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public string PiecesBefore()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> separator = [0x1f];
        for (var i = 0; i < rows.Count; i++)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(rows.EventId(i) ?? ""));
            hash.AppendData(BitConverter.GetBytes(rows.TimestampTicks(i)));
            hash.AppendData(separator);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, 12));
    }

    [Benchmark(OperationsPerInvoke = Rows)]
    public string PooledBuffer() => PartitionBatch.HashContent(rows, deadLetters);
}
