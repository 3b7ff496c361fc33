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
    public async Task An_instance_round_trips_through_insert_load_update_and_delete_as_JSON_text(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using var process = StateProcess.Start(backend);
        var store = Store(process, cacheEntries: 0);
        var id = Guid.NewGuid();
        var saga = Instance(id);
        saga.StoredEvents["A"] = saga.StoredEvents["A"] with { Data = System.Text.Json.JsonDocument.Parse("""{"n":1,"s":"é € 😀"}""").RootElement };

        Assert.Null(await store.LoadAsync(id, default));
        await store.InsertAsync(saga, default);
        Assert.Equal(1, saga.Version);

        // The column holds text (SQLite would keep bytes bound as they are as a blob), characters beyond ASCII intact.
        var (type, text) = await StoredRow(process, store, provider == "Sqlite" ? "typeof(data), data" : "pg_typeof(data)::text, data::text");
        Assert.Equal(provider == "Sqlite" ? "text" : "json", type);
        using (var stored = System.Text.Json.JsonDocument.Parse(text))
        {
            Assert.Equal("é € 😀", stored.RootElement.GetProperty("StoredEvents").GetProperty("A").GetProperty("Data").GetProperty("s").GetString());
        }

        var loaded = await store.LoadAsync(id, default);
        Assert.NotNull(loaded);
        Assert.Equal(1, loaded.Version);
        Assert.Equal("Correlating", loaded.CurrentState);
        Assert.Equal("e-1", loaded.StoredEvents["A"].Id);
        Assert.Equal("é € 😀", loaded.StoredEvents["A"].Data!.Value.GetProperty("s").GetString());
        Assert.Equal(1, loaded.StoredEvents["A"].Data!.Value.GetProperty("n").GetInt32());
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
    public async Task The_next_load_takes_the_changed_instance_once_and_other_loads_wait_until_it_is_back(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using var process = StateProcess.Start(backend);
        const string table = "saga_lent_instances";
        using var made = new CounterTotal(StateTelemetry.MeterName, "state_saga_row_size", "table", table);
        var store = Store(process, table: table);
        var id = Guid.NewGuid();
        await store.InsertAsync(Instance(id), default);

        // The first write is held in the database, so the changes after it gather behind it.
        var release = await HoldWritesAsync(process, provider, table, id);
        var (first, firstGeneration) = await store.LoadKeptAsync(id, default);
        first!.Firings = 3;
        var saved = store.Change(first, firstGeneration, default);
        Assert.True(await Eventually.HoldsAsync(() => made.Count == 2, TimeSpan.FromSeconds(30)), "the writer did not take the first change");

        var (next, nextGeneration) = await store.LoadKeptAsync(id, default);
        Assert.Same(first, next);
        next!.Firings = 4;
        var afterNext = store.Change(next, nextGeneration, default);
        var (third, thirdGeneration) = await store.LoadKeptAsync(id, default);
        Assert.Same(next, third);

        // The only copy of that change is with the message holding it: a load meanwhile (another endpoint, a
        // redelivery) waits until it is back.
        var meanwhile = store.LoadKeptAsync(id, default);
        Assert.False(meanwhile.IsCompleted);
        third!.Firings = 5;
        var afterThird = store.Change(third, thirdGeneration, default);
        var (fromMeanwhile, _) = await meanwhile;
        Assert.Same(third, fromMeanwhile);
        Assert.Equal((4, 5), (fromMeanwhile!.Version, fromMeanwhile.Firings));

        // That message ends without a change and gives it back: nothing it did is kept, and the changes not yet
        // written, whose only copy it held, fail (their messages are retried); the one written before stays.
        fromMeanwhile.Firings = 99;
        store.GiveBack(fromMeanwhile);
        await release();
        await saved;
        await Assert.ThrowsAsync<ConcurrencyException>(() => afterNext);
        await Assert.ThrowsAsync<ConcurrencyException>(() => afterThird);

        var (afterFailure, afterFailureGeneration) = await store.LoadKeptAsync(id, default);
        Assert.NotSame(fromMeanwhile, afterFailure);
        Assert.Equal((2, 3, "e-1"), (afterFailure!.Version, afterFailure.Firings, afterFailure.StoredEvents["A"].Id));
        afterFailure.Firings = 6;
        await store.Change(afterFailure, afterFailureGeneration, default);
        var stored = (await Store(process, table: table).LoadAsync(id, default))!;
        Assert.Equal((3, 6), (stored.Version, stored.Firings));
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_message_that_ends_without_a_change_leaves_a_written_row_as_it_was(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using var process = StateProcess.Start(backend);
        var store = Store(process);
        var id = Guid.NewGuid();
        await store.InsertAsync(Instance(id), default);
        var (first, generation) = await store.LoadKeptAsync(id, default);
        first!.Firings = 3;
        await store.Change(first, generation, default);

        var (held, _) = await store.LoadKeptAsync(id, default);
        held!.Firings = 99;
        held.StoredEvents.Clear();
        store.GiveBack(held);

        var (again, againGeneration) = await store.LoadKeptAsync(id, default);
        Assert.NotSame(held, again);
        Assert.Equal((2, 3, "e-1"), (again!.Version, again.Firings, again.StoredEvents["A"].Id));
        again.Firings = 4;
        await store.Change(again, againGeneration, default);
        var stored = (await Store(process).LoadAsync(id, default))!;
        Assert.Equal((3, 4), (stored.Version, stored.Firings));
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Changes_gathered_behind_a_write_are_made_JSON_once_per_write_not_once_per_change(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using var process = StateProcess.Start(backend);
        const string table = "saga_json_per_write";
        using var made = new CounterTotal(StateTelemetry.MeterName, "state_saga_row_size", "table", table);
        using var writes = new CounterTotal(StateTelemetry.MeterName, "state_saga_changes_per_write", "table", table);
        var store = Store(process, table: table);
        var id = Guid.NewGuid();
        await store.InsertAsync(Instance(id), default);
        Assert.Equal(1, made.Count);

        var release = await HoldWritesAsync(process, provider, table, id);
        var changes = new List<Task>();
        for (var n = 1; n <= 20; n++)
        {
            var (instance, generation) = await store.LoadKeptAsync(id, default);
            instance!.Firings = n;
            changes.Add(store.Change(instance, generation, default));
            if (n == 1)
            {
                Assert.True(await Eventually.HoldsAsync(() => made.Count == 2, TimeSpan.FromSeconds(30)), "the writer did not take the first change");
            }
        }

        await release();
        await Task.WhenAll(changes);
        Assert.Equal((20, 2), (writes.Total, writes.Count));
        Assert.Equal(3, made.Count);
        var stored = (await Store(process, table: table).LoadAsync(id, default))!;
        Assert.Equal((21, 20), (stored.Version, stored.Firings));
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_write_over_the_size_limit_fails_its_changes_and_their_retries_refuse_only_the_change_that_is_too_large(string provider)
    {
        using var backend = await StateBackend.CreateAsync(provider, postgres);
        await using var process = StateProcess.Start(backend);
        const string table = "saga_too_large_behind";
        using var made = new CounterTotal(StateTelemetry.MeterName, "state_saga_row_size", "table", table);
        var store = Store(process, table: table, maxStateBytes: 8_192);
        var id = Guid.NewGuid();
        await store.InsertAsync(Instance(id), default);

        var release = await HoldWritesAsync(process, provider, table, id);
        var (small, smallGeneration) = await store.LoadKeptAsync(id, default);
        small!.Firings = 1;
        var smallChange = store.Change(small, smallGeneration, default);
        Assert.True(await Eventually.HoldsAsync(() => made.Count == 2, TimeSpan.FromSeconds(30)), "the writer did not take the first change");
        var (large, largeGeneration) = await store.LoadKeptAsync(id, default);
        large!.StoredEvents["B"] = LargeEvent();
        var largeChange = store.Change(large, largeGeneration, default);
        var (onTop, onTopGeneration) = await store.LoadKeptAsync(id, default);
        onTop!.Firings = 2;
        var onTopChange = store.Change(onTop, onTopGeneration, default);
        await release();

        await smallChange;
        var refusal = await Assert.ThrowsAsync<ConcurrencyException>(() => largeChange);
        Assert.Contains("over State:MaxSagaStateBytes (8192)", refusal.Message);
        Assert.IsType<ConcurrencyException>(await Record.ExceptionAsync(() => onTopChange));

        // The retries, each change made JSON on its own: the large one is refused as it is made, the other saved.
        var (retriedLarge, retriedLargeGeneration) = await store.LoadKeptAsync(id, default);
        retriedLarge!.StoredEvents["B"] = LargeEvent();
        Assert.Throws<SagaStateTooLargeException>(() => { _ = store.Change(retriedLarge, retriedLargeGeneration, default); });
        store.GiveBack(retriedLarge);
        var (retriedOnTop, retriedOnTopGeneration) = await store.LoadKeptAsync(id, default);
        Assert.False(retriedOnTop!.StoredEvents.ContainsKey("B"));
        retriedOnTop.Firings = 2;
        await store.Change(retriedOnTop, retriedOnTopGeneration, default);

        var stored = (await Store(process, table: table).LoadAsync(id, default))!;
        Assert.Equal((3, 2), (stored.Version, stored.Firings));
        Assert.False(stored.StoredEvents.ContainsKey("B"));
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

        // Version 1 is kept here; the table holds their version 2. The write is held until both changes are made.
        var release = await HoldWritesAsync(process, provider, SagaTableName.For(typeof(TriggerCorrelationState)), id);
        var (first, generation) = await here.LoadKeptAsync(id, default);
        first!.Firings = 1;
        var lost = here.Change(first, generation, default);
        var (onTop, onTopGeneration) = await here.LoadKeptAsync(id, default);
        Assert.Equal((2, 1), (onTop!.Version, onTop.Firings));
        onTop.Firings = 2;
        var onTopOfLost = here.Change(onTop, onTopGeneration, default);
        await release();

        await Assert.ThrowsAsync<ConcurrencyException>(() => lost);
        // Its version 3 would be over theirs, but it was made from the change that lost: it fails with it.
        await Assert.ThrowsAsync<ConcurrencyException>(() => onTopOfLost);

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
                // As the saga repository does for a message whose change was refused.
                here.GiveBack(instance);
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

    /// <summary>Two columns of the store's one row, as text, read straight from its table.</summary>
    private static Task<(string, string)> StoredRow(IServiceProvider process, SqlSagaStore<TriggerCorrelationState> store, string columns) =>
        process.GetRequiredService<StateDatabase>().ReadAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {columns} FROM {store.Table}";
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            return (reader.GetString(0), reader.GetString(1));
        }, default);

    /// <summary>A store as one process holds it (its own cache of rows).</summary>
    private static SqlSagaStore<TriggerCorrelationState> Store(IServiceProvider process, int? cacheEntries = null, string? table = null, int? maxStateBytes = null) =>
        new(process.GetRequiredService<StateDatabase>(), process.GetRequiredService<StateSchema>(),
            new SqlSagaTable<TriggerCorrelationState>(table ?? SagaTableName.For(typeof(TriggerCorrelationState))), TimeProvider.System,
            Options.Create(new StateOptions
            {
                SagaCacheEntries = cacheEntries ?? new StateOptions().SagaCacheEntries,
                MaxSagaStateBytes = maxStateBytes ?? new StateOptions().MaxSagaStateBytes,
            }));

    /// <summary>
    /// Holds the process's row writes of <paramref name="id"/> in <paramref name="table"/> (SQLite: the process's one
    /// writer; PostgreSQL: the row's lock) until the returned function is called.
    /// </summary>
    private static async Task<Func<Task>> HoldWritesAsync(IServiceProvider process, string provider, string table, Guid id)
    {
        var database = process.GetRequiredService<StateDatabase>();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = database.WriteAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync();
            if (provider == "Postgres")
            {
                await connection.ExecuteAsync($"SELECT 1 FROM {table} WHERE correlation_id = @id FOR UPDATE", default, transaction, ("id", database.Id(id)));
            }

            held.TrySetResult();
            await release.Task;
            await transaction.CommitAsync();
            return 0;
        }, default);
        await held.Task;
        return async () =>
        {
            release.TrySetResult();
            await holding;
        };
    }

    private static EventEnvelope LargeEvent() => new()
    {
        Id = "e-large",
        Source = "src",
        Subject = "B",
        Type = "webhook",
        Time = DateTimeOffset.UtcNow,
        Data = System.Text.Json.JsonSerializer.SerializeToElement(new string('x', 10_000)),
    };

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
