using System.Collections.Concurrent;
using Confluent.Kafka;
using CyberAgg.Correlator.Pipeline;

namespace CyberAgg.Correlator.Tests.Pipeline.Fakes;

/// <summary>Records every commit, and signals each one.</summary>
internal sealed class RecordingCommitter : IOffsetCommitter, IDisposable
{
    private readonly SemaphoreSlim signal = new(0);

    public ConcurrentQueue<TopicPartitionOffset[]> Commits { get; } = new();

    public void Commit(IReadOnlyList<TopicPartitionOffset> offsets)
    {
        Commits.Enqueue([.. offsets]);
        signal.Release();
    }

    /// <summary>Waits for the next commit (failing after 10 s of real time, a hung stage).</summary>
    public async Task<TopicPartitionOffset[]> NextAsync()
    {
        (await signal.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeTrue("a commit arrived");
        return Commits.Last();
    }

    public void Dispose() => signal.Dispose();
}
