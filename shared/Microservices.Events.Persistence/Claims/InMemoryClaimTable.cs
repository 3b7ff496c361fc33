namespace Microservices.Events.Persistence.Claims;

/// <summary><see cref="IClaimTable"/> in process memory, for <c>State:Provider=InMemory</c>: the same rules, lost on restart.</summary>
public sealed class InMemoryClaimTable : IClaimTable
{
    private readonly Dictionary<string, Row> _rows = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Task<ClaimOutcome> TryClaimAsync(string[] key, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var k = Key(key);
            if (_rows.TryGetValue(k, out var row) && row.ExpiresAt > now)
            {
                return Task.FromResult(row.Completed ? ClaimOutcome.Completed : ClaimOutcome.InProgress);
            }

            _rows[k] = new Row(owner, false, leaseUntil);
            return Task.FromResult(ClaimOutcome.Claimed);
        }
    }

    public Task<bool> CompleteAsync(string[] key, string owner, DateTimeOffset until, CancellationToken cancellationToken) =>
        Task.FromResult(Change(key, owner, requireClaimed: false, row => row with { Completed = true, ExpiresAt = until }));

    public Task<bool> RenewAsync(string[] key, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        Task.FromResult(Change(key, owner, requireClaimed: true, row => row with { ExpiresAt = leaseUntil }));

    public Task ReleaseAsync(string[] key, string owner, CancellationToken cancellationToken)
    {
        Change(key, owner, requireClaimed: true, _ => null);
        return Task.CompletedTask;
    }

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var expired = _rows.Where(r => r.Value.ExpiresAt <= now).Select(r => r.Key).ToList();
            expired.ForEach(k => _rows.Remove(k));
            return Task.FromResult(expired.Count);
        }
    }

    public Task<int> CountAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_rows.Count);
        }
    }

    private bool Change(string[] key, string owner, bool requireClaimed, Func<Row, Row?> change)
    {
        lock (_lock)
        {
            var k = Key(key);
            if (!_rows.TryGetValue(k, out var row) || row.Owner != owner || (requireClaimed && row.Completed))
            {
                return false;
            }

            if (change(row) is { } changed)
            {
                _rows[k] = changed;
            }
            else
            {
                _rows.Remove(k);
            }

            return true;
        }
    }

    private static string Key(string[] key) => string.Join('\u001f', key);

    private sealed record Row(string Owner, bool Completed, DateTimeOffset ExpiresAt);
}
