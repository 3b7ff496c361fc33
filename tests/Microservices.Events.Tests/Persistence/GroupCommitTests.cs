using Microservices.Events.Persistence;
using Microservices.Events.Persistence.Claims;
using Microservices.Events.Persistence.Database;
using Microservices.Events.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

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
}
