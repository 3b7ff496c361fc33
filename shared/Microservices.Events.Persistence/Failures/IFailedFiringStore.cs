namespace Microservices.Events.Persistence.Failures;

/// <summary>
/// trigger-dispatch's failed firings, in table <c>failed_firings</c> (SQL) or in memory: kept until
/// <see cref="StateOptions.FailedFiringRetentionDays"/> after they failed.
/// </summary>
public interface IFailedFiringStore
{
    /// <summary>Stores <paramref name="firing"/>, replacing an earlier failure of the same firing id.</summary>
    Task SaveAsync(FailedFiring firing, CancellationToken cancellationToken = default);

    Task<FailedFiring?> GetAsync(Guid firingId, CancellationToken cancellationToken = default);

    /// <summary>The newest failures first, of one sensor when <paramref name="sensor"/> is set.</summary>
    Task<IReadOnlyList<FailedFiring>> ListAsync(string? sensor, int limit, CancellationToken cancellationToken = default);

    /// <summary>Records that the firing was driven again as <paramref name="redriveFiringId"/>; false when it is not stored.</summary>
    Task<bool> MarkRedrivenAsync(Guid firingId, Guid redriveFiringId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Deletes failures older than <paramref name="before"/>; returns how many.</summary>
    Task<int> DeleteOlderThanAsync(DateTimeOffset before, CancellationToken cancellationToken = default);
}
