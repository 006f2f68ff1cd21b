namespace CyberAgg.Embedded.ClickHouse;

/// <summary>
/// Admission to the engine's sessions. Any request takes a free session, but queries and bulk inserts (event batches)
/// together hold at most all sessions but one, so a small insert (an alert's row, a batch record) never waits behind a
/// dashboard's query, a poller or an event batch; and bulk inserts hold at most all but two, so a query is not queued
/// behind event batches either. With one session everything shares it; with two, queries and bulk inserts share one.
/// </summary>
internal sealed class SessionLanes : IDisposable
{
    private readonly SemaphoreSlim sessions;
    private readonly SemaphoreSlim? shared;
    private readonly SemaphoreSlim? bulk;

    public SessionLanes(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        sessions = new SemaphoreSlim(count, count);
        shared = count > 1 ? new SemaphoreSlim(count - 1, count - 1) : null;
        bulk = count > 2 ? new SemaphoreSlim(count - 2, count - 2) : null;
    }

    /// <summary>Waits for a session the work may take; dispose the lease to give it back.</summary>
    public async ValueTask<Lease> EnterAsync(EngineWork work, CancellationToken cancellationToken)
    {
        // Always taken in this order (bulk, shared, session), so two requests never hold what the other waits for.
        var bulkLane = work == EngineWork.BulkInsert ? bulk : null;
        var sharedLane = work == EngineWork.Insert ? null : shared;
        SemaphoreSlim? heldBulk = null, heldShared = null;
        try
        {
            if (bulkLane is not null)
            {
                await bulkLane.WaitAsync(cancellationToken).ConfigureAwait(false);
                heldBulk = bulkLane;
            }

            if (sharedLane is not null)
            {
                await sharedLane.WaitAsync(cancellationToken).ConfigureAwait(false);
                heldShared = sharedLane;
            }

            await sessions.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            heldShared?.Release();
            heldBulk?.Release();
            throw;
        }

        return new Lease(this, sharedLane, bulkLane);
    }

    public void Dispose()
    {
        sessions.Dispose();
        shared?.Dispose();
        bulk?.Dispose();
    }

    /// <summary>One admitted request's session (and the lanes it counts against).</summary>
    public readonly struct Lease(SessionLanes owner, SemaphoreSlim? shared, SemaphoreSlim? bulk) : IDisposable
    {
        public void Dispose()
        {
            owner.sessions.Release();
            shared?.Release();
            bulk?.Release();
        }
    }
}
