using Microsoft.Extensions.Options;

namespace Microservices.Events.Persistence.Claims;

/// <summary>
/// trigger-dispatch's ledger of firing ids, in table <c>firing_ledger</c>. A firing is claimed before it executes (held
/// for <see cref="StateOptions.FiringLeaseSeconds"/> and renewed while it runs), completed after it executed (never
/// executed again inside the window) or released when it failed without a crash (the retry runs it). A claim whose
/// holder died lapses after the lease and another delivery runs the firing.
/// </summary>
public sealed class FiringLedgerStore(IClaimTable table, TimeProvider time, IOptions<StateOptions> options)
{
    private readonly string _owner = Guid.NewGuid().ToString("N");

    public IClaimTable Table => table;

    public TimeSpan Lease => options.Value.FiringLease;

    public Task<ClaimOutcome> TryClaimAsync(Guid firingId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        return table.TryClaimAsync(Key(firingId), _owner, now, now + Lease, cancellationToken);
    }

    /// <summary>Like <see cref="TryClaimAsync"/>, waiting while another process holds the claim (it runs the firing now, or died).</summary>
    public Task<ClaimOutcome> ClaimAsync(Guid firingId, CancellationToken cancellationToken = default) =>
        ClaimWait.UntilSettledAsync(ct => TryClaimAsync(firingId, ct), $"firing {firingId}", Lease + TimeSpan.FromSeconds(1), cancellationToken);

    public Task<bool> RenewAsync(Guid firingId, CancellationToken cancellationToken = default) =>
        table.RenewAsync(Key(firingId), _owner, time.GetUtcNow() + Lease, cancellationToken);

    /// <summary>The firing executed: it is a duplicate until <paramref name="window"/> has passed.</summary>
    public Task<bool> CompleteAsync(Guid firingId, TimeSpan window, CancellationToken cancellationToken = default) =>
        table.CompleteAsync(Key(firingId), _owner, time.GetUtcNow() + window, cancellationToken);

    public Task ReleaseAsync(Guid firingId, CancellationToken cancellationToken = default) =>
        table.ReleaseAsync(Key(firingId), _owner, cancellationToken);

    /// <summary>Renews the claim every third of the lease until disposed, so a long execution is not taken over.</summary>
    public IAsyncDisposable KeepClaimed(Guid firingId) => new LeaseRenewal(this, firingId, Lease / 3);

    private static string[] Key(Guid firingId) => [firingId.ToString("D")];

    /// <summary>
    /// The renewal loop of one running firing. Stopping it throws nothing: the wait ends quietly when cancelled, where an
    /// exception per firing (the cancelled delay, then awaiting the loop) used to cost the runtime's exception handling.
    /// </summary>
    private sealed class LeaseRenewal : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public LeaseRenewal(FiringLedgerStore ledger, Guid firingId, TimeSpan every) => _loop = RenewAsync(ledger, firingId, every);

        private async Task RenewAsync(FiringLedgerStore ledger, Guid firingId, TimeSpan every)
        {
            while (true)
            {
                await Task.Delay(every, _stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                try
                {
                    await ledger.RenewAsync(firingId, _stop.Token);
                }
                catch (Exception) when (!_stop.IsCancellationRequested)
                {
                    // Try again at the next tick; the lease is three ticks long.
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();

            // Ends at once, or when a renewal under way gives up (cancelled, or failed: the lease then simply runs out).
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _stop.Dispose();
        }
    }
}
