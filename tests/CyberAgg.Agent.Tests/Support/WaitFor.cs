using System.Diagnostics;

namespace CyberAgg.Agent.Tests.Support;

/// <summary>Awaits a condition the system under test signals through its state (counters, files), with a deadline.</summary>
internal static class WaitFor
{
    public static async Task ConditionAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting until {what}.");
            }

            // Polling the observed state, not sleeping to let a race settle: each check reads a real signal.
            await Task.Delay(25);
        }
    }
}
