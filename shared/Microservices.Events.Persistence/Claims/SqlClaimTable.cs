using System.Diagnostics;
using System.Globalization;
using Microservices.Events.Persistence.Database;
using Microservices.Events.Persistence.Schema;

namespace Microservices.Events.Persistence.Claims;

/// <summary>
/// <see cref="IClaimTable"/> over a table with key columns plus <c>state</c> (0 claimed, 1 completed), <c>owner</c>,
/// <c>claimed_at</c> and <c>expires_at</c> (Unix milliseconds). A claim is one atomic upsert that only overwrites an
/// expired row, so two processes never both hold a key. With a batch size above 1 (<see cref="StateOptions.ClaimBatchSize"/>)
/// the claims and completions of concurrent callers are written by <see cref="GroupCommit"/>: the same statements,
/// several in one transaction, each caller answered after the commit. Claims and completions have a group commit
/// each, so a claim, which a message waits for before its work, is not queued behind a batch of completions, which
/// come after the work (on SQLite the database still takes one write at a time); both sort their statements by key,
/// as batches of two processes already do.
/// </summary>
public sealed class SqlClaimTable(StateDatabase database, StateSchema schema, string table, int batchSize, params string[] keyColumns) : IClaimTable
{
    private readonly GroupCommit? _claims = batchSize > 1 ? new GroupCommit(database, batchSize) : null;
    private readonly GroupCommit? _completions = batchSize > 1 ? new GroupCommit(database, batchSize) : null;

    private const int ClaimedState = 0;
    private const int CompletedState = 1;

    private readonly string _keyMatch = string.Join(" AND ", keyColumns.Select((c, i) => $"{c} = @k{i}"));
    private readonly string _keyList = string.Join(", ", keyColumns);
    private readonly string _keyValues = string.Join(", ", keyColumns.Select((_, i) => $"@k{i}"));

    public async Task<ClaimOutcome> TryClaimAsync(string[] key, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        await schema.EnsureAsync(cancellationToken);
        var claimSql =
            $"INSERT INTO {table} ({_keyList}, state, owner, claimed_at, expires_at) VALUES ({_keyValues}, {ClaimedState}, @owner, @now, @until) " +
            $"ON CONFLICT ({_keyList}) DO UPDATE SET state = {ClaimedState}, owner = excluded.owner, claimed_at = excluded.claimed_at, expires_at = excluded.expires_at " +
            $"WHERE {table}.expires_at <= excluded.claimed_at";
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await ClaimAsync(claimSql, key, owner, now, leaseUntil, cancellationToken);
        }
        finally
        {
            StateTelemetry.Record(table, "claim", started);
        }
    }

    private async Task<ClaimOutcome> ClaimAsync(string claimSql, string[] key, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        var parameters = Parameters(key, ("owner", owner), ("now", Millis(now)), ("until", Millis(leaseUntil)));
        for (var attempt = 0; ; attempt++)
        {
            var claimed = await WriteAsync(_claims, claimSql, parameters, key, cancellationToken);
            if (claimed == 1)
            {
                return ClaimOutcome.Claimed;
            }

            var state = await database.ReadAsync(
                connection => connection.ScalarAsync($"SELECT state FROM {table} WHERE {_keyMatch} AND expires_at > @now", cancellationToken, null, Parameters(key, ("now", Millis(now)))),
                cancellationToken);
            if (state is not null)
            {
                return Convert.ToInt32(state, CultureInfo.InvariantCulture) == CompletedState ? ClaimOutcome.Completed : ClaimOutcome.InProgress;
            }

            if (attempt >= 3)
            {
                // The row vanished or expired between the two statements each time: someone is releasing and reclaiming it.
                return ClaimOutcome.InProgress;
            }
        }
    }

    public async Task<bool> CompleteAsync(string[] key, string owner, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await schema.EnsureAsync(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var completed = await WriteAsync(_completions, $"UPDATE {table} SET state = {CompletedState}, expires_at = @until WHERE {_keyMatch} AND owner = @owner",
            Parameters(key, ("owner", owner), ("until", Millis(until))), key, cancellationToken) == 1;
        StateTelemetry.Record(table, "complete", started);
        return completed;
    }

    public async Task<bool> RenewAsync(string[] key, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        await schema.EnsureAsync(cancellationToken);
        return await database.WriteAsync(
            connection => connection.ExecuteAsync($"UPDATE {table} SET expires_at = @until WHERE {_keyMatch} AND owner = @owner AND state = {ClaimedState}", cancellationToken, null,
                Parameters(key, ("owner", owner), ("until", Millis(leaseUntil)))),
            cancellationToken) == 1;
    }

    public async Task ReleaseAsync(string[] key, string owner, CancellationToken cancellationToken)
    {
        await schema.EnsureAsync(cancellationToken);
        await database.WriteAsync(
            connection => connection.ExecuteAsync($"DELETE FROM {table} WHERE {_keyMatch} AND owner = @owner AND state = {ClaimedState}", cancellationToken, null,
                Parameters(key, ("owner", owner))),
            cancellationToken);
    }

    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await schema.EnsureAsync(cancellationToken);
        return await database.WriteAsync(
            connection => connection.ExecuteAsync($"DELETE FROM {table} WHERE expires_at <= @now", cancellationToken, null, ("now", Millis(now))),
            cancellationToken);
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        await schema.EnsureAsync(cancellationToken);
        return await database.ReadAsync(
            async connection => Convert.ToInt32(await connection.ScalarAsync($"SELECT COUNT(*) FROM {table}", cancellationToken), CultureInfo.InvariantCulture),
            cancellationToken);
    }

    /// <summary>One write: through <paramref name="group"/> when there is one, else a statement of its own.</summary>
    private Task<int> WriteAsync(GroupCommit? group, string sql, (string Name, object? Value)[] parameters, string[] key, CancellationToken cancellationToken) =>
        group is not null
            ? group.ExecuteAsync(new BatchStatement(sql, parameters), string.Join('\u001f', key), cancellationToken)
            : database.WriteAsync(connection => connection.ExecuteAsync(sql, cancellationToken, null, parameters), cancellationToken);

    private (string Name, object? Value)[] Parameters(string[] key, params (string Name, object? Value)[] more)
    {
        if (key.Length != keyColumns.Length)
        {
            throw new ArgumentException($"{table} is keyed by {keyColumns.Length} column(s), got {key.Length} value(s)", nameof(key));
        }

        return [.. key.Select((value, i) => ($"k{i}", (object?)value)), .. more];
    }

    private static long Millis(DateTimeOffset time) => time.ToUnixTimeMilliseconds();
}
