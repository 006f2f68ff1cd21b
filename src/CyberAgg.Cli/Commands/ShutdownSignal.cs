using System.Runtime.InteropServices;

namespace CyberAgg.Cli.Commands;

/// <summary>Turns SIGINT and SIGTERM into one cancellation, so every long-running command stops the same way.</summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource source;
    private readonly PosixSignalRegistration sigterm;
    private readonly PosixSignalRegistration sigint;

    private ShutdownSignal(CancellationToken outer)
    {
        source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
        sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
    }

    public CancellationToken Token => source.Token;

    public static ShutdownSignal Create(CancellationToken outer) => new(outer);

    /// <summary>Completes when a signal arrives or the outer token is cancelled.</summary>
    public Task WaitAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.Token.Register(() => done.TrySetResult());
        return done.Task;
    }

    /// <summary>Stops whatever waits on <see cref="Token"/>, as a signal would.</summary>
    public Task CancelAsyncSafe() => source.CancelAsync();

    private void Handle(PosixSignalContext context)
    {
        // Cancel instead of letting the runtime kill the process, so disposal flushes and closes cleanly.
        context.Cancel = true;
        source.Cancel();
    }

    public void Dispose()
    {
        sigterm.Dispose();
        sigint.Dispose();
        source.Dispose();
    }
}
