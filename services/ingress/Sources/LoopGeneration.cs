namespace Microservices.Events.Ingress.Sources;

/// <summary>
/// The loops a kind runs for one spec snapshot (calendar schedules, consumer listeners): started together with a
/// shared cancellation, stopped together when the next snapshot or the service's stop replaces them.
/// </summary>
public sealed class LoopGeneration : IDisposable
{
    private readonly Lock _gate = new();
    private CancellationTokenSource? _cancel;
    private Task _loops = Task.CompletedTask;

    /// <summary>
    /// Starts <paramref name="loops"/>, each given the generation's token and run on the calling thread up to its first
    /// await (a loop that may block first wraps itself in <c>Task.Run</c>); call <see cref="StopAsync"/> first.
    /// </summary>
    public void Start(IEnumerable<Func<CancellationToken, Task>> loops)
    {
        var cancel = new CancellationTokenSource();
        var running = loops.Select(loop => loop(cancel.Token)).ToList();
        lock (_gate)
        {
            _cancel = cancel;
            _loops = Task.WhenAll(running);
        }
    }

    /// <summary>Cancels the running loops and waits for them to end (at most as long as <paramref name="cancellationToken"/> allows).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        CancellationTokenSource? cancel;
        Task loops;
        lock (_gate)
        {
            (cancel, _cancel) = (_cancel, null);
            loops = _loops;
        }

        if (cancel is null)
        {
            return;
        }

        await cancel.CancelAsync();
        await loops.WaitAsync(cancellationToken);
        cancel.Dispose();
    }

    /// <summary>Cancels loops still running if the service was not stopped first.</summary>
    public void Dispose()
    {
        CancellationTokenSource? cancel;
        lock (_gate)
        {
            (cancel, _cancel) = (_cancel, null);
        }

        cancel?.Cancel();
        cancel?.Dispose();
    }
}
