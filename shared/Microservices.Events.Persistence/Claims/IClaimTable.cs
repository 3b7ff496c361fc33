namespace Microservices.Events.Persistence.Claims;

/// <summary>
/// Keys with a two-step life: claimed (held by one owner until a lease runs out), then completed (remembered until a
/// window runs out). An expired row counts as absent. Implemented over SQL (<see cref="SqlClaimTable"/>) and in memory
/// (<see cref="InMemoryClaimTable"/>) with the same semantics.
/// </summary>
public interface IClaimTable
{
    /// <summary>Claims <paramref name="key"/> for <paramref name="owner"/> until <paramref name="leaseUntil"/> unless a live row exists.</summary>
    Task<ClaimOutcome> TryClaimAsync(string[] key, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Moves the row held by <paramref name="owner"/> from claimed to completed, remembered until <paramref name="until"/>.</summary>
    Task<bool> CompleteAsync(string[] key, string owner, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Extends the lease of a claim still held by <paramref name="owner"/>.</summary>
    Task<bool> RenewAsync(string[] key, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Deletes a claim still held (not completed) by <paramref name="owner"/>.</summary>
    Task ReleaseAsync(string[] key, string owner, CancellationToken cancellationToken);

    /// <summary>Deletes every row whose lease or window ran out; returns how many.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Rows currently stored (live or expired).</summary>
    Task<int> CountAsync(CancellationToken cancellationToken);
}
