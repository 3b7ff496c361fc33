using MassTransit;
using Microservices.Events.Contracts;
using Microservices.Events.Persistence.Database;
using Microservices.Events.Persistence.Sagas;
using Microservices.Events.Persistence.Schema;
using Microservices.Events.SensorState.Correlation;
using Microservices.Events.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Tests.Persistence;

/// <summary>The saga rows: JSON data, a version checked on every write.</summary>
[Collection(StateCollection.Name)]
public sealed class SqlSagaStoreTests(PostgresFixture postgres)
{
    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task An_instance_round_trips_through_insert_load_update_and_delete(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using var process = StateProcess.Start(backend);
        var store = Store(process, cacheEntries: 0);
        var id = Guid.NewGuid();
        var saga = Instance(id);

        Assert.Null(await store.LoadAsync(id, default));
        await store.InsertAsync(saga, default);
        Assert.Equal(1, saga.Version);

        var loaded = await store.LoadAsync(id, default);
        Assert.NotNull(loaded);
        Assert.Equal(1, loaded.Version);
        Assert.Equal("Correlating", loaded.CurrentState);
        Assert.Equal("e-1", loaded.StoredEvents["A"].Id);
        Assert.Equal("""{"n":1}""", loaded.StoredEvents["A"].Data!.Value.GetRawText());
        Assert.Equal(saga.LastFiredAt, loaded.LastFiredAt);

        loaded.StoredEvents.Clear();
        loaded.Firings = 7;
        await store.UpdateAsync(loaded, default);
        Assert.Equal(2, loaded.Version);

        var updated = await store.LoadAsync(id, default);
        Assert.Equal(2, updated!.Version);
        Assert.Equal(7, updated.Firings);
        Assert.Empty(updated.StoredEvents);
        Assert.Equal(1, await store.CountAsync());

        await store.DeleteAsync(updated, default);
        Assert.Null(await store.LoadAsync(id, default));
        Assert.Equal(0, await store.CountAsync());
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Writing_a_stale_version_throws_ConcurrencyException(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using var process = StateProcess.Start(backend);
        var store = Store(process);
        var id = Guid.NewGuid();
        await store.InsertAsync(Instance(id), default);

        var first = (await store.LoadAsync(id, default))!;
        var second = (await store.LoadAsync(id, default))!;
        first.Firings = 1;
        await store.UpdateAsync(first, default);
        second.Firings = 2;

        await Assert.ThrowsAsync<ConcurrencyException>(() => store.UpdateAsync(second, default));
        await Assert.ThrowsAsync<ConcurrencyException>(() => store.DeleteAsync(second, default));
        Assert.Equal(1, (await store.LoadAsync(id, default))!.Firings);
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_row_another_process_changed_is_read_afresh_once_a_write_conflicts(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using var process = StateProcess.Start(backend);
        var here = Store(process);
        var id = Guid.NewGuid();
        await InsertedHereThenChangedElsewhere(process, here, id);

        var kept = (await here.LoadAsync(id, default, kept: true))!;
        Assert.Equal(1, kept.Version);
        kept.Firings = 9;
        await Assert.ThrowsAsync<ConcurrencyException>(() => here.UpdateAsync(kept, default));

        var fresh = (await here.LoadAsync(id, default, kept: true))!;
        Assert.Equal(2, fresh.Version);
        Assert.Equal(5, fresh.Firings);
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_query_and_a_load_without_a_cache_read_the_row(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using var process = StateProcess.Start(backend);
        var here = Store(process);
        var uncached = Store(process, cacheEntries: 0);
        var elsewhere = Store(process);
        var id = Guid.NewGuid();
        await here.InsertAsync(Instance(id), default);
        await uncached.LoadAsync(id, default, kept: true);
        var theirs = (await elsewhere.LoadAsync(id, default))!;
        theirs.Firings = 5;
        await elsewhere.UpdateAsync(theirs, default);

        var queried = (await here.LoadAsync(id, default))!;
        var loaded = (await uncached.LoadAsync(id, default, kept: true))!;

        Assert.Equal(2, queried.Version);
        Assert.Equal(2, loaded.Version);
        Assert.Equal(5, loaded.Firings);
    }

    [Fact]
    public async Task A_full_cache_makes_room_and_still_answers_every_load()
    {
        using var state = new Support.TempStateFile();
        await using var process = StateProcess.Start(StateBackend.ForFile(state));
        var store = Store(process, cacheEntries: 2);
        var ids = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToList();
        foreach (var id in ids)
        {
            await store.InsertAsync(Instance(id), default);
        }

        foreach (var id in ids)
        {
            var loaded = (await store.LoadAsync(id, default, kept: true))!;
            Assert.Equal(id, loaded.CorrelationId);
            Assert.Equal(1, loaded.Version);
        }
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Changes_made_while_a_write_is_in_flight_are_seen_by_the_next_load_and_all_saved(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using var process = StateProcess.Start(backend);
        var store = Store(process);
        var id = Guid.NewGuid();
        await store.InsertAsync(Instance(id), default);

        var writes = new List<Task>();
        for (var n = 1; n <= 20; n++)
        {
            var (instance, generation) = await store.LoadKeptAsync(id, default);
            Assert.Equal(n - 1, instance!.Firings);
            Assert.Equal(n, instance.Version);
            instance.Firings = n;
            writes.Add(store.Change(instance, generation, default));
        }

        await Task.WhenAll(writes);
        var stored = (await Store(process).LoadAsync(id, default))!;
        Assert.Equal(20, stored.Firings);
        Assert.Equal(21, stored.Version);
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task The_next_load_takes_the_changed_instance_once_and_a_load_after_a_message_without_a_change_reads_the_kept_row(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using var process = StateProcess.Start(backend);
        var store = Store(process);
        var id = Guid.NewGuid();
        await store.InsertAsync(Instance(id), default);

        var (first, generation) = await store.LoadKeptAsync(id, default);
        first!.Firings = 3;
        var saved = store.Change(first, generation, default);
        var (next, nextGeneration) = await store.LoadKeptAsync(id, default);
        Assert.Same(first, next);

        // A load while that instance is out (another endpoint, a redelivery) gets one of its own, from the kept text.
        var (meanwhile, _) = await store.LoadKeptAsync(id, default);
        Assert.NotSame(next, meanwhile);
        Assert.Equal((2, 3), (meanwhile!.Version, meanwhile.Firings));

        // The message holding it fails before its change: what it did to the instance is not seen by the next load.
        next!.Firings = 99;
        next.StoredEvents.Clear();
        var (afterFailure, afterFailureGeneration) = await store.LoadKeptAsync(id, default);
        Assert.NotSame(next, afterFailure);
        Assert.Equal((2, 3, "e-1"), (afterFailure!.Version, afterFailure.Firings, afterFailure.StoredEvents["A"].Id));
        Assert.Equal(nextGeneration, afterFailureGeneration);

        afterFailure.Firings = 4;
        await Task.WhenAll(saved, store.Change(afterFailure, afterFailureGeneration, default));
        var stored = (await Store(process).LoadAsync(id, default))!;
        Assert.Equal((3, 4, "e-1"), (stored.Version, stored.Firings, stored.StoredEvents["A"].Id));
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_write_that_loses_fails_the_changes_made_on_top_of_it_and_none_overwrites_the_winner(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using var process = StateProcess.Start(backend);
        var here = Store(process);
        var id = Guid.NewGuid();
        await InsertedHereThenChangedElsewhere(process, here, id);

        // Version 1 is kept here; the table holds their version 2.
        var (first, generation) = await here.LoadKeptAsync(id, default);
        first!.Firings = 1;
        var lost = here.Change(first, generation, default);
        var (onTop, onTopGeneration) = await here.LoadKeptAsync(id, default);
        Assert.Equal((2, 1), (onTop!.Version, onTop.Firings));

        await Assert.ThrowsAsync<ConcurrencyException>(() => lost);
        onTop.Firings = 2;
        // Version 2 is what the table holds, but this instance was made from the change that lost: it is refused.
        Assert.Throws<ConcurrencyException>(() => { _ = here.Change(onTop, onTopGeneration, default); });

        var stored = (await here.LoadAsync(id, default, kept: true))!;
        Assert.Equal((2, 5), (stored.Version, stored.Firings));
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Changes_waiting_behind_a_write_that_loses_fail_with_it_and_those_made_from_the_table_after_it_are_saved(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using var process = StateProcess.Start(backend);
        var here = Store(process);
        var id = Guid.NewGuid();
        await InsertedHereThenChangedElsewhere(process, here, id);

        // Each change sets Firings to 100 + n over what it loaded: the kept version 1 (Firings 0, which loses to theirs),
        // a change not yet written, or, once the first write lost, the table's row (Firings 5) and the changes after.
        var changes = new List<(long Loaded, long Made, Task Write)>();
        for (var n = 1; n <= 30; n++)
        {
            var (instance, generation) = await here.LoadKeptAsync(id, default);
            var loaded = instance!.Firings;
            instance.Firings = 100 + n;
            Task write;
            try
            {
                write = here.Change(instance, generation, default);
            }
            catch (ConcurrencyException ex)
            {
                write = Task.FromException(ex);
            }

            changes.Add((loaded, 100 + n, write));
            if (n % 10 == 0)
            {
                await Task.WhenAny(write);
            }
        }

        var saved = new HashSet<long> { 5 };
        foreach (var (loaded, made, write) in changes)
        {
            var error = await Record.ExceptionAsync(() => write);
            Assert.True(error is null or ConcurrencyException, $"{error}");
            Assert.True((error is null) == saved.Contains(loaded), $"the change to {made} over {loaded} {(error is null ? "was saved" : "failed")}");
            if (error is null)
            {
                saved.Add(made);
            }
        }

        Assert.IsType<ConcurrencyException>(await Record.ExceptionAsync(() => changes[0].Write));
        var stored = (await Store(process).LoadAsync(id, default))!;
        Assert.Equal(saved.Max(), stored.Firings);
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Inserting_an_instance_that_exists_throws_ConcurrencyException(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using var process = StateProcess.Start(backend);
        var store = Store(process);
        var id = Guid.NewGuid();
        await store.InsertAsync(Instance(id), default);

        var again = Instance(id);
        await Assert.ThrowsAsync<ConcurrencyException>(() => store.InsertAsync(again, default));
        Assert.False(await store.TryInsertAsync(again, default));
        Assert.Equal(0, again.Version);
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task The_saga_table_has_the_documented_columns(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using var process = StateProcess.Start(backend);
        var store = Store(process);
        await store.InsertAsync(Instance(Guid.NewGuid()), default);

        var columns = await process.GetRequiredService<StateDatabase>().ReadAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT correlation_id, version, data, updated_at FROM {store.Table}";
            await using var reader = await command.ExecuteReaderAsync();
            return Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        }, default);

        Assert.Equal("saga_trigger_correlation_state", store.Table);
        Assert.Equal(["correlation_id", "version", "data", "updated_at"], columns);
    }

    [Fact]
    public async Task Correlation_by_query_expression_is_refused_with_a_clear_message()
    {
        using var state = new Support.TempStateFile();
        await using var process = StateProcess.Start(StateBackend.ForFile(state));
        var factory = new SqlSagaRepositoryContextFactory<TriggerCorrelationState>(Store(process), new MassTransit.Saga.SagaConsumeContextFactory<SqlSagaStore<TriggerCorrelationState>, TriggerCorrelationState>());

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => factory.SendQuery<DependencyMatched>(null!, null!, null!));
        Assert.Contains("correlates by CorrelationId only", error.Message);
        Assert.Contains("saga_trigger_correlation_state", error.Message);
    }

    /// <summary>
    /// Inserts instance <paramref name="id"/> through <paramref name="here"/>, which keeps its version 1; then the store
    /// of another process writes version 2 with 5 firings.
    /// </summary>
    private static async Task InsertedHereThenChangedElsewhere(IServiceProvider process, SqlSagaStore<TriggerCorrelationState> here, Guid id)
    {
        await here.InsertAsync(Instance(id), default);
        var elsewhere = Store(process);
        var theirs = (await elsewhere.LoadAsync(id, default))!;
        theirs.Firings = 5;
        await elsewhere.UpdateAsync(theirs, default);
    }

    /// <summary>A store as one process holds it (its own cache of rows).</summary>
    private static SqlSagaStore<TriggerCorrelationState> Store(IServiceProvider process, int? cacheEntries = null) =>
        new(process.GetRequiredService<StateDatabase>(), process.GetRequiredService<StateSchema>(),
            new SqlSagaTable<TriggerCorrelationState>(SagaTableName.For(typeof(TriggerCorrelationState))), TimeProvider.System,
            Options.Create(new StateOptions { SagaCacheEntries = cacheEntries ?? new StateOptions().SagaCacheEntries }));

    private static TriggerCorrelationState Instance(Guid id) => new()
    {
        CorrelationId = id,
        CurrentState = "Correlating",
        Sensor = "s",
        Trigger = "t",
        SpecGeneration = "g1",
        LastFiredAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        StoredEvents = new Dictionary<string, EventEnvelope>
        {
            ["A"] = new()
            {
                Id = "e-1",
                Source = "src",
                Subject = "A",
                Type = "webhook",
                Time = DateTimeOffset.UtcNow,
                Data = System.Text.Json.JsonDocument.Parse("""{"n":1}""").RootElement,
            },
        },
    };
}
