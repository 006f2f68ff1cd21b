using Microsoft.Extensions.Time.Testing;

namespace CyberAgg.Correlator.Tests.Pipeline.Fakes;

/// <summary>
/// A fake clock that signals each timer created on it, so a test advances time only once the code under test is
/// waiting on it (a linger, a backoff), with no real sleep.
/// </summary>
internal sealed class TimerSignallingClock : FakeTimeProvider, IDisposable
{
    private readonly SemaphoreSlim created = new(0);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        created.Release();
        return timer;
    }

    /// <summary>Waits until the code under test has created its next timer (failing after 10 s of real time).</summary>
    public async Task TimerCreatedAsync() =>
        (await created.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeTrue("the stage started waiting on the clock");

    public void Dispose() => created.Dispose();
}
