using System.Data.Common;
using Microservices.Events.Persistence;
using Microservices.Events.Persistence.Claims;
using Microservices.Events.Persistence.Database;
using Microservices.Events.Persistence.Schema;
using Microservices.Events.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microservices.Events.Tests.Persistence;

/// <summary>
/// Group commit of claims (<see cref="StateOptions.ClaimBatchSize"/>): many concurrent claims and completions written
/// in shared transactions behave as if each had been written alone, and a transaction that fails writes nothing.
/// </summary>
[Collection(StateCollection.Name)]
public sealed class GroupCommitTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    [SkippableTheory]
    [InlineData("Sqlite", 64)]
    [InlineData("Postgres", 64)]
    [InlineData("Postgres", 1)]
    public async Task Concurrent_reservations_of_different_events_are_each_claimed_confirmed_and_then_duplicates(string provider, int batchSize)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using var process = StateProcess.Start(backend, configure: o => o.ClaimBatchSize = batchSize);
        var store = process.GetRequiredService<DeduplicationStore>();
        var ids = Enumerable.Range(0, 300).Select(i => $"e{i}").ToList();

        var reserved = await Task.WhenAll(ids.Select(id => Task.Run(() => store.TryReserveAsync("webhook", id, Window))));
        var confirmed = await Task.WhenAll(ids.Select(id => Task.Run(() => store.ConfirmAsync("webhook", id, Window))));
        var again = await Task.WhenAll(ids.Select(id => Task.Run(() => store.TryReserveAsync("webhook", id, Window))));

        Assert.All(reserved, r => Assert.Equal(ClaimOutcome.Claimed, r));
        Assert.All(confirmed, c => Assert.True(c));
        Assert.All(again, r => Assert.Equal(ClaimOutcome.Completed, r));
        Assert.Equal(ids.Count, await store.Table.CountAsync(CancellationToken.None));
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Two_reservations_of_one_event_at_once_in_one_process_claim_it_once(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using var process = StateProcess.Start(backend);
        var store = process.GetRequiredService<DeduplicationStore>();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => store.TryReserveAsync("webhook", $"e{i / 2}", Window))));

        Assert.Equal(20, outcomes.Count(o => o == ClaimOutcome.Claimed));
        Assert.Equal(20, outcomes.Count(o => o == ClaimOutcome.InProgress));
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_batch_with_a_failing_statement_writes_none_of_its_statements(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using var process = StateProcess.Start(backend);
        var store = process.GetRequiredService<DeduplicationStore>();
        await store.Table.CountAsync(CancellationToken.None);
        var database = process.GetRequiredService<StateDatabase>();
        var insert = new BatchStatement(
            "INSERT INTO dedup_keys (source, event_id, state, owner, claimed_at, expires_at) VALUES ('webhook', 'e1', 0, 'someone', 0, @until)",
            [("until", DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds())]);

        await Assert.ThrowsAnyAsync<Exception>(() => database.WriteBatchAsync([insert, new BatchStatement("INSERT INTO no_such_table VALUES (1)", [])], CancellationToken.None));

        Assert.Equal(0, await store.Table.CountAsync(CancellationToken.None));
        var alone = await database.WriteBatchAsync([insert], CancellationToken.None);
        Assert.Equal([1], alone);
    }

    [Fact]
    public async Task A_claim_is_written_while_a_batch_of_completions_still_waits_for_the_database()
    {
        using var file = new TempStateFile();
        await using var database = new HeldWrites(new SqliteStateDatabase(file.ConnectionString, 5_000));
        var schema = new StateSchema(database, TimeProvider.System, NullLogger<StateSchema>.Instance);
        var table = new SqlClaimTable(database, schema, "dedup_keys", 64, "source", "event_id");
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(ClaimOutcome.Claimed, await table.TryClaimAsync(["webhook", "first"], "me", now, now + Window, CancellationToken.None));

        var held = database.HoldNextWrite();
        var completion = table.CompleteAsync(["webhook", "first"], "me", now + Window, CancellationToken.None);
        await held.Started.WaitAsync(TimeSpan.FromSeconds(10));
        var claim = await table.TryClaimAsync(["webhook", "second"], "me", now, now + Window, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ClaimOutcome.Claimed, claim);
        Assert.False(completion.IsCompleted);
        held.Release();
        Assert.True(await completion);
        Assert.Equal(ClaimOutcome.Completed, await table.TryClaimAsync(["webhook", "first"], "you", now, now + Window, CancellationToken.None));
    }

    /// <summary>A state database whose next write, once asked for, waits until the test lets it go on.</summary>
    private sealed class HeldWrites(StateDatabase inner) : StateDatabase
    {
        private Hold? _next;

        public sealed class Hold
        {
            private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
            private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public Task Started => _started.Task;

            public void Release() => _released.TrySetResult();

            internal Task WaitAsync()
            {
                _started.TrySetResult();
                return _released.Task;
            }
        }

        public Hold HoldNextWrite() => _next = new Hold();

        public override async Task<T> WriteAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _next, null) is { } hold)
            {
                await hold.WaitAsync();
            }

            return await inner.WriteAsync(work, cancellationToken);
        }

        public override StateProvider Provider => inner.Provider;

        public override string TimestampType => inner.TimestampType;

        public override void MarkJson(DbParameter parameter) => inner.MarkJson(parameter);

        public override string JsonValue(string parameter) => inner.JsonValue(parameter);

        public override string Describe() => inner.Describe();

        public override Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => inner.OpenAsync(cancellationToken);

        public override object Id(Guid id) => inner.Id(id);

        public override object Timestamp(DateTimeOffset time) => inner.Timestamp(time);

        public override string SagaTableDdl(string table) => inner.SagaTableDdl(table);

        public override Task<string?> EnsureSagaTableStorageAsync(DbConnection connection, DbTransaction transaction, string table, CancellationToken cancellationToken) =>
            inner.EnsureSagaTableStorageAsync(connection, transaction, table, cancellationToken);

        public override Task<DbTransaction> BeginSchemaTransactionAsync(DbConnection connection, CancellationToken cancellationToken) =>
            inner.BeginSchemaTransactionAsync(connection, cancellationToken);

        public override ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
