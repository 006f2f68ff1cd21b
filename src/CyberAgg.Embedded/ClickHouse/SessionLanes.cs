namespace CyberAgg.Embedded.ClickHouse;

/// <summary>
/// Admission to the engine's sessions: any request takes a free session, but bulk inserts (event batches) together
/// hold at most all sessions but one, so a small request (an alert's row, a dashboard query, a readiness probe) never
/// waits for a session behind them. With one session there is no lane: everything shares it.
/// </summary>
internal sealed class SessionLanes : IDisposable
{
    private readonly SemaphoreSlim sessions;
    private readonly SemaphoreSlim? bulk;

    public SessionLanes(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        sessions = new SemaphoreSlim(count, count);
        bulk = count > 1 ? new SemaphoreSlim(count - 1, count - 1) : null;
    }

    /// <summary>Waits for a session; dispose the lease to give it back.</summary>
    public async ValueTask<Lease> EnterAsync(bool isBulk, CancellationToken cancellationToken)
    {
        var lane = isBulk ? bulk : null;
        if (lane is not null)
        {
            await lane.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await sessions.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lane?.Release();
            throw;
        }

        return new Lease(this, lane);
    }

    public void Dispose()
    {
        sessions.Dispose();
        bulk?.Dispose();
    }

    /// <summary>One admitted request's session (and bulk slot).</summary>
    public readonly struct Lease(SessionLanes owner, SemaphoreSlim? lane) : IDisposable
    {
        public void Dispose()
        {
            owner.sessions.Release();
            lane?.Release();
        }
    }
}
