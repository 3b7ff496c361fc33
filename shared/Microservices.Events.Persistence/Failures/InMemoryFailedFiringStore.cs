namespace Microservices.Events.Persistence.Failures;

/// <summary><see cref="IFailedFiringStore"/> in process memory, for <c>State:Provider=InMemory</c>: lost on restart.</summary>
public sealed class InMemoryFailedFiringStore : IFailedFiringStore
{
    private readonly Dictionary<Guid, FailedFiring> _rows = [];
    private readonly Lock _lock = new();

    public Task SaveAsync(FailedFiring firing, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _rows[firing.FiringId] = firing;
        }

        return Task.CompletedTask;
    }

    public Task<FailedFiring?> GetAsync(Guid firingId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_rows.GetValueOrDefault(firingId));
        }
    }

    public Task<IReadOnlyList<FailedFiring>> ListAsync(string? sensor, int limit, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            IReadOnlyList<FailedFiring> found = _rows.Values
                .Where(f => sensor is null || f.Sensor == sensor)
                .OrderByDescending(f => f.FailedAt)
                .Take(limit)
                .ToList();
            return Task.FromResult(found);
        }
    }

    public Task<bool> MarkRedrivenAsync(Guid firingId, Guid redriveFiringId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (!_rows.TryGetValue(firingId, out var row))
            {
                return Task.FromResult(false);
            }

            _rows[firingId] = row with { RedriveFiringId = redriveFiringId, RedrivenAt = at };
            return Task.FromResult(true);
        }
    }

    public Task<int> DeleteOlderThanAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var old = _rows.Values.Where(f => f.FailedAt < before).Select(f => f.FiringId).ToList();
            old.ForEach(id => _rows.Remove(id));
            return Task.FromResult(old.Count);
        }
    }
}
