using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microservices.Events.Persistence.Database;
using Microservices.Events.Persistence.Schema;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Persistence.Sagas;

/// <summary>
/// Rows of one saga type in <c>saga_&lt;name&gt;</c>: the instance as JSON plus a version for optimistic concurrency.
/// A new instance is inserted (an existing row means another process created it first); an update or delete only
/// succeeds against the version that was loaded. Both losers get <see cref="ConcurrencyException"/>, which the saga
/// endpoint retries with a fresh load. <see cref="ISagaVersion.Version"/> belongs to this store: it holds the version
/// the instance was loaded at (0 for a new one) and is advanced on every change.
/// <para>
/// The rows last written or read are kept as text (<see cref="StateOptions.SagaCacheEntries"/>) and a load on the
/// consume path answered from them. A change on that path (<see cref="Change"/>) is applied to the kept row at once and
/// written behind it: while one write of a row is in flight, the changes of the messages after it gather, and the next
/// write saves the latest of them for all (group commit). Each change's task completes when a write holding it
/// committed; its message is acknowledged only then. If a write fails (another process changed the row, or the
/// database refused), every change it held and every change made on top of them fails with it, the kept row is
/// dropped, and the retries read the row afresh.
/// </para>
/// <para>
/// The instance a change was made on is kept with its row and handed to the next consume-path load of that row, once
/// (the load takes it), so a hot instance is not rebuilt from its JSON for every message. Whoever hands an instance to
/// <see cref="Change"/> must not touch it afterwards, as MassTransit's saga pipe does not. A load that finds no
/// instance kept (another message has it, or the message that had it failed before its change) reads the kept text.
/// </para>
/// </summary>
public sealed class SqlSagaStore<TSaga>(StateDatabase database, StateSchema schema, SqlSagaTable<TSaga> table, TimeProvider time, IOptions<StateOptions> options)
    where TSaga : class, ISagaVersion
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);
    private static long _generations;

    private readonly ConcurrentDictionary<Guid, KeptRow> _rows = new();
    private readonly int _cacheEntries = options.Value.SagaCacheEntries;
    private readonly int _maxStateBytes = options.Value.MaxSagaStateBytes;

    // Its conflict counters exist from the start, so a rate over them has a series before the first conflict.
    public string Table { get; } = StateTelemetry.KnowSagaTable(table.Name);

    /// <summary>The stored instance, or null.</summary>
    /// <param name="kept">
    /// Answer from the rows this process kept when it has the row: for the consume path, where the next write checks
    /// the version. Queries from outside (status, tests) read the row.
    /// </param>
    public async Task<TSaga?> LoadAsync(Guid correlationId, CancellationToken cancellationToken, bool kept = false) =>
        (await LoadKeptAsync(correlationId, cancellationToken, kept)).Instance;

    /// <summary>
    /// As <see cref="LoadAsync"/>, with the generation of the kept row the instance came from, for <see cref="Change"/>.
    /// An instance read from a kept row may hold changes not yet written.
    /// </summary>
    public async Task<(TSaga? Instance, long Generation)> LoadKeptAsync(Guid correlationId, CancellationToken cancellationToken, bool kept = true)
    {
        await schema.EnsureSagaTableAsync(table.Name, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        if (kept && _rows.TryGetValue(correlationId, out var entry))
        {
            (int Version, string Data)? latest;
            long generation;
            TSaga? lent;
            lock (entry)
            {
                latest = entry.Latest;
                generation = entry.Generation;
                lent = entry.Instance;
                entry.Instance = null;
            }

            if (latest is { } hit)
            {
                var instance = lent is not null && lent.Version == hit.Version ? lent : Read(correlationId, hit.Version, hit.Data);
                StateTelemetry.Record(table.Name, "load-cached", started);
                return (instance, generation);
            }
        }

        var row = await database.ReadAsync(async connection =>
        {
            await using var command = connection.Command($"SELECT version, data FROM {table.Name} WHERE correlation_id = @id", null, ("id", database.Id(correlationId)));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? (reader.GetInt32(0), reader.GetString(1)) : ((int, string)?)null;
        }, cancellationToken);
        StateTelemetry.Record(table.Name, "load", started);
        if (row is not { } found)
        {
            return (null, 0);
        }

        return (Read(correlationId, found.Item1, found.Item2), Remember(correlationId, found.Item1, found.Item2));
    }

    /// <summary>Inserts a new instance; false when a row with its id already exists.</summary>
    public async Task<bool> TryInsertAsync(TSaga instance, CancellationToken cancellationToken)
    {
        await schema.EnsureSagaTableAsync(table.Name, cancellationToken);
        var version = instance.Version + 1;
        var started = Stopwatch.GetTimestamp();
        var data = "";
        var inserted = await database.WriteAsync(async connection =>
        {
            await using var command = connection.Command(
                $"INSERT INTO {table.Name} (correlation_id, version, data, updated_at) VALUES (@id, @version, @data, @at) ON CONFLICT (correlation_id) DO NOTHING");
            data = Serialize(instance, version);
            AddRow(command, instance.CorrelationId, version, data);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
        StateTelemetry.Record(table.Name, "insert", started);
        if (inserted == 1)
        {
            instance.Version = version;
            Remember(instance.CorrelationId, version, data);
        }
        else
        {
            Forget(instance.CorrelationId);
        }

        return inserted == 1;
    }

    public async Task InsertAsync(TSaga instance, CancellationToken cancellationToken)
    {
        if (!await TryInsertAsync(instance, cancellationToken))
        {
            Conflict("insert");
            throw new ConcurrencyException($"{table.Name}: an instance with this id was created by another consumer", typeof(TSaga), instance.CorrelationId);
        }
    }

    /// <summary>Writes the instance over the version it was loaded at, and returns once that write committed.</summary>
    public Task UpdateAsync(TSaga instance, CancellationToken cancellationToken) => Change(instance, null, cancellationToken);

    /// <summary>
    /// Applies the instance's change to its kept row at once (the next load sees it) and returns the task of the write
    /// that saves it: it completes when that write committed and fails if it did not. Throws
    /// <see cref="ConcurrencyException"/> at once when the instance is not the kept row's latest version (or, with a
    /// <paramref name="generation"/>, not from the kept row as it is now).
    /// </summary>
    /// <param name="generation">From <see cref="LoadKeptAsync"/>; null for an instance read from the table.</param>
    public Task Change(TSaga instance, long? generation, CancellationToken cancellationToken)
    {
        if (_cacheEntries == 0)
        {
            return WriteNowAsync(instance, cancellationToken);
        }

        var expected = instance.Version;
        var version = expected + 1;
        var data = Serialize(instance, version);
        var entry = _rows.GetOrAdd(instance.CorrelationId, _ => NewRow());
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (entry)
        {
            // From the kept row as it is now (or read from the table: no generation), at its latest version.
            var sameRow = generation is null or 0 || generation == entry.Generation;
            if (!sameRow || entry.Latest is { } latest && latest.Version != expected)
            {
                Conflict("update");
                throw new ConcurrencyException($"{table.Name}: version {expected} was changed by another message", typeof(TSaga), instance.CorrelationId);
            }

            entry.Committed ??= expected;
            entry.Latest = (version, data);
            entry.Pending.Add(committed);
            start = !entry.Writing;
            entry.Writing = true;
            instance.Version = version;
            entry.Instance = instance;
        }

        if (start)
        {
            _ = Task.Run(() => WriteBehindAsync(instance.CorrelationId, entry));
        }

        return committed.Task;
    }

    public async Task DeleteAsync(TSaga instance, CancellationToken cancellationToken)
    {
        var expected = instance.Version;
        Forget(instance.CorrelationId);
        var started = Stopwatch.GetTimestamp();
        var deleted = await database.WriteAsync(
            connection => connection.ExecuteAsync($"DELETE FROM {table.Name} WHERE correlation_id = @id AND version = @expected", cancellationToken, null,
                ("id", database.Id(instance.CorrelationId)), ("expected", expected)),
            cancellationToken);
        StateTelemetry.Record(table.Name, "delete", started);
        if (deleted != 1)
        {
            Conflict("delete");
            throw new ConcurrencyException($"{table.Name}: version {expected} was changed or removed by another consumer", typeof(TSaga), instance.CorrelationId);
        }
    }

    /// <summary>Number of stored instances.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        await schema.EnsureSagaTableAsync(table.Name, cancellationToken);
        return await database.ReadAsync(
            async connection => Convert.ToInt64(await connection.ScalarAsync($"SELECT COUNT(*) FROM {table.Name}", cancellationToken), System.Globalization.CultureInfo.InvariantCulture),
            cancellationToken);
    }

    /// <summary>Writes the changes gathered on <paramref name="entry"/> until none is left: each write saves the latest for all of them.</summary>
    private async Task WriteBehindAsync(Guid correlationId, KeptRow entry)
    {
        while (true)
        {
            List<TaskCompletionSource> batch;
            int expected;
            (int Version, string Data) target;
            lock (entry)
            {
                if (entry.Pending.Count == 0)
                {
                    entry.Writing = false;
                    return;
                }

                batch = entry.Pending;
                entry.Pending = [];
                expected = entry.Committed!.Value;
                target = entry.Latest!.Value;
            }

            var failure = default(Exception);
            try
            {
                if (await WriteAsync(correlationId, expected, target.Version, target.Data, CancellationToken.None) != 1)
                {
                    Conflict("update");
                    failure = new ConcurrencyException($"{table.Name}: version {expected} was changed or removed by another consumer", typeof(TSaga), correlationId);
                }
            }
            catch (Exception ex)
            {
                failure = ex;
            }

            StateTelemetry.SagaChangesPerWrite.Record(batch.Count, new KeyValuePair<string, object?>("table", table.Name));
            if (failure is null)
            {
                lock (entry)
                {
                    entry.Committed = target.Version;
                }

                batch.ForEach(c => c.TrySetResult());
                continue;
            }

            List<TaskCompletionSource> dependent;
            lock (entry)
            {
                dependent = entry.Pending;
                entry.Pending = [];
                entry.Latest = null;
                entry.Instance = null;
                entry.Committed = null;
                entry.Generation = Interlocked.Increment(ref _generations);
                entry.Writing = false;
            }

            _rows.TryRemove(new KeyValuePair<Guid, KeptRow>(correlationId, entry));
            batch.ForEach(c => c.TrySetException(failure));
            dependent.ForEach(c => c.TrySetException(new ConcurrencyException(
                $"{table.Name}: a change this one was made on was not saved ({failure.Message})", typeof(TSaga), correlationId)));
            return;
        }
    }

    /// <summary>The write of an instance with no rows kept: at once, over the version it was loaded at.</summary>
    private async Task WriteNowAsync(TSaga instance, CancellationToken cancellationToken)
    {
        var expected = instance.Version;
        var version = expected + 1;
        if (await WriteAsync(instance.CorrelationId, expected, version, Serialize(instance, version), cancellationToken) != 1)
        {
            Conflict("update");
            throw new ConcurrencyException($"{table.Name}: version {expected} was changed or removed by another consumer", typeof(TSaga), instance.CorrelationId);
        }

        instance.Version = version;
    }

    private async Task<int> WriteAsync(Guid correlationId, int expected, int version, string data, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var updated = await database.WriteAsync(async connection =>
        {
            await using var command = connection.Command(
                $"UPDATE {table.Name} SET version = @version, data = @data, updated_at = @at WHERE correlation_id = @id AND version = @expected");
            AddRow(command, correlationId, version, data);
            command.Add("expected", expected);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
        StateTelemetry.Record(table.Name, "update", started);
        return updated;
    }

    private TSaga Read(Guid correlationId, int version, string data)
    {
        var instance = JsonSerializer.Deserialize<TSaga>(data, Json)
            ?? throw new InvalidOperationException($"{table.Name}/{correlationId}: stored data is null");
        instance.CorrelationId = correlationId;
        instance.Version = version;
        return instance;
    }

    /// <summary>
    /// Keeps the row as written or read, unless a newer version or a change not yet written is kept already; makes
    /// room by dropping a row with nothing to write when full. Returns the generation of the kept row.
    /// </summary>
    private long Remember(Guid correlationId, int version, string data)
    {
        if (_cacheEntries == 0)
        {
            return 0;
        }

        if (!_rows.ContainsKey(correlationId) && _rows.Count >= _cacheEntries)
        {
            foreach (var (victim, kept) in _rows)
            {
                lock (kept)
                {
                    if (kept.Writing)
                    {
                        continue;
                    }
                }

                _rows.TryRemove(new KeyValuePair<Guid, KeptRow>(victim, kept));
                break;
            }
        }

        var entry = _rows.GetOrAdd(correlationId, _ => NewRow());
        lock (entry)
        {
            if (!entry.Writing && (entry.Latest is not { } latest || latest.Version < version))
            {
                entry.Latest = (version, data);
                entry.Instance = null;
                entry.Committed = version;
            }

            return entry.Generation;
        }
    }

    /// <summary>Drops the kept row; a change made from it can no longer be saved through it.</summary>
    private void Forget(Guid correlationId)
    {
        if (_rows.TryRemove(correlationId, out var entry))
        {
            lock (entry)
            {
                entry.Generation = Interlocked.Increment(ref _generations);
            }
        }
    }

    private static KeptRow NewRow() => new() { Generation = Interlocked.Increment(ref _generations) };

    private void Conflict(string operation) =>
        StateTelemetry.SagaConflicts.Add(1, new KeyValuePair<string, object?>("table", table.Name), new KeyValuePair<string, object?>("operation", operation));

    /// <summary>The JSON of the instance at <paramref name="version"/>; the instance keeps its own version meanwhile.</summary>
    private string Serialize(TSaga instance, int version)
    {
        var loaded = instance.Version;
        instance.Version = version;
        string data;
        try
        {
            data = JsonSerializer.Serialize(instance, Json);
        }
        finally
        {
            instance.Version = loaded;
        }

        StateTelemetry.SagaRowSize.Record(data.Length, new KeyValuePair<string, object?>("table", table.Name));
        SagaStateLimit.Enforce(table.Name, instance, data, _maxStateBytes);
        return data;
    }

    /// <summary>Binds id, version, data and updated_at.</summary>
    private void AddRow(DbCommand command, Guid correlationId, int version, string data)
    {
        command.Add("id", database.Id(correlationId));
        command.Add("version", version);
        database.MarkJson(command.Add("data", data));
        command.Add("at", database.Timestamp(time.GetUtcNow()));
    }

    /// <summary>
    /// A row kept in memory: <see cref="Latest"/> is what the next load returns (it may hold changes not yet written),
    /// <see cref="Instance"/> the object of that version when no load has taken it yet,
    /// <see cref="Committed"/> the version the table holds as far as this process knows, <see cref="Pending"/> the
    /// changes in <see cref="Latest"/> no write has taken yet. <see cref="Generation"/> changes whenever the row is
    /// dropped, so a change made from an instance loaded before cannot be saved. Guarded by its own lock.
    /// </summary>
    private sealed class KeptRow
    {
        public (int Version, string Data)? Latest;
        public TSaga? Instance;
        public int? Committed;
        public List<TaskCompletionSource> Pending = [];
        public bool Writing;
        public long Generation;
    }
}
