namespace CyberAgg.Testing;

/// <summary>Waits for a condition the system under test reaches on its own (a consumer group settling, rows arriving).</summary>
/// <remarks>It polls with a short pause and fails loudly at the deadline; it never stands in for a missing signal.</remarks>
public static class Eventually
{
    public static async Task WaitAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > (timeout ?? TimeSpan.FromSeconds(90)))
            {
                throw new TimeoutException($"Timed out after {clock.Elapsed.TotalSeconds:F0} s waiting until {what}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    public static Task WaitAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        WaitAsync(() => Task.FromResult(condition()), what, timeout);
}
