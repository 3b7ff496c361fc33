using Microsoft.Extensions.Options;

namespace Microservices.Events.Persistence.Claims;

/// <summary>
/// bus-gateway's memory of (source, id) pairs, in table <c>dedup_keys</c>. A key is reserved before publishing (for
/// <see cref="StateOptions.DeduplicationLeaseSeconds"/>), confirmed once the bus accepted the event (then remembered
/// for the window) and released if publishing failed, so a redelivery of a failed message is not a duplicate. A
/// reservation left by a process that died lapses after the lease and the event is published again.
/// </summary>
public sealed class DeduplicationStore(IClaimTable table, TimeProvider time, IOptions<StateOptions> options)
{
    private readonly string _owner = Guid.NewGuid().ToString("N");

    public IClaimTable Table => table;

    public TimeSpan Lease => options.Value.DeduplicationLease;

    /// <summary><see cref="ClaimOutcome.Claimed"/> when (source, id) was not seen inside the window and is now reserved here.</summary>
    public Task<ClaimOutcome> TryReserveAsync(string source, string id, TimeSpan window, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        return table.TryClaimAsync([source, id], _owner, now, now + Min(Lease, window), cancellationToken);
    }

    /// <summary>Like <see cref="TryReserveAsync"/>, waiting while another process holds the reservation.</summary>
    public Task<ClaimOutcome> ReserveAsync(string source, string id, TimeSpan window, CancellationToken cancellationToken = default) =>
        ClaimWait.UntilSettledAsync(ct => TryReserveAsync(source, id, window, ct), $"event {source}/{id}", Min(Lease, window) + TimeSpan.FromSeconds(1), cancellationToken);

    /// <summary>The event was published: remember it until the window ends.</summary>
    public Task<bool> ConfirmAsync(string source, string id, TimeSpan window, CancellationToken cancellationToken = default) =>
        table.CompleteAsync([source, id], _owner, time.GetUtcNow() + window, cancellationToken);

    /// <summary>Publishing failed: forget the reservation so a redelivery is published.</summary>
    public Task ReleaseAsync(string source, string id, CancellationToken cancellationToken = default) =>
        table.ReleaseAsync([source, id], _owner, cancellationToken);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
