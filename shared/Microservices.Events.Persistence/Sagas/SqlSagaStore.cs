using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Text;
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
/// The rows last written or read are kept (<see cref="StateOptions.SagaCacheEntries"/>) and a load on the consume path
/// answered from them. A change on that path (<see cref="Change"/>) is applied to the kept row at once and written
/// behind it: while one write of a row is in flight, the changes of the messages after it gather, and the next write
/// saves the latest of them for all (group commit). Each change's task completes when a write holding it committed;
/// its message is acknowledged only then. If a write fails (another process changed the row, or the database
/// refused), every change it held and every change made on top of them fails with it, the kept row is dropped, and the
/// retries read the row afresh.
/// </para>
/// <para>
/// A change is kept as the instance it was made on, not as JSON: the row's JSON is made only when a write takes it (or
/// a load outside the consume path asks for a copy), once for all the changes that write saves. The instance is handed
/// to the next consume-path load of that row (<see cref="LoadKeptAsync"/>); while a message holds an instance whose
/// change is not yet JSON, the writer and other loads of that row wait until the message hands it back: changed
/// (<see cref="Change"/>) or not (<see cref="GiveBack"/>, which a message that failed or made no change must call).
/// An instance given back unchanged held the only copy of that change, so the changes not yet written fail as if their
/// write had failed. Whoever hands an instance to <see cref="Change"/> must not touch it afterwards, as MassTransit's
/// saga pipe does not. The row size limit (<see cref="StateOptions.MaxSagaStateBytes"/>) is checked when the JSON is
/// made: a write over it fails every change it held (they are retried) and the row's changes are made JSON one by one
/// from then on, so the retried message that makes it too large is the one refused.
/// </para>
/// </summary>
public sealed class SqlSagaStore<TSaga>(StateDatabase database, StateSchema schema, SqlSagaTable<TSaga> table, TimeProvider time, IOptions<StateOptions> options)
    where TSaga : class, ISagaVersion
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);
    private static long _generations;

    private readonly ConcurrentDictionary<Guid, KeptRow> _rows = new();

    // Rows whose changes are made JSON one by one: a write of theirs went over the size limit.
    private readonly ConcurrentDictionary<Guid, bool> _oneByOne = new();
    private readonly int _cacheEntries = options.Value.SagaCacheEntries;
    private readonly int _maxStateBytes = options.Value.MaxSagaStateBytes;

    // Its conflict counters exist from the start, so a rate over them has a series before the first conflict.
    public string Table { get; } = StateTelemetry.KnowSagaTable(table.Name);

    /// <summary>The stored instance, or null: an instance of the caller's own, never one a message may be handed.</summary>
    /// <param name="kept">
    /// Answer from the rows this process kept when it has the row (it may hold changes not yet written). Queries from
    /// outside (status, tests) read the table.
    /// </param>
    public async Task<TSaga?> LoadAsync(Guid correlationId, CancellationToken cancellationToken, bool kept = false)
    {
        await schema.EnsureSagaTableAsync(table.Name, cancellationToken);
        if (kept && await FromKeptRowAsync(correlationId, lend: false, cancellationToken) is { } hit)
        {
            return hit.Instance;
        }

        return (await ReadTableAsync(correlationId, cancellationToken)).Instance;
    }

    /// <summary>
    /// The instance for the consume path, with the generation of the kept row it came from, for <see cref="Change"/>.
    /// It may be the instance the last change was made on (handed over once) and hold changes not yet written. The
    /// message it is handed to gives it back through <see cref="Change"/>, or through <see cref="GiveBack"/> when it
    /// ends without a change.
    /// </summary>
    public async Task<(TSaga? Instance, long Generation)> LoadKeptAsync(Guid correlationId, CancellationToken cancellationToken, bool kept = true)
    {
        await schema.EnsureSagaTableAsync(table.Name, cancellationToken);
        if (kept && await FromKeptRowAsync(correlationId, lend: true, cancellationToken) is { } hit)
        {
            return hit;
        }

        return await ReadTableAsync(correlationId, cancellationToken);
    }

    /// <summary>
    /// The message <paramref name="instance"/> was handed to by <see cref="LoadKeptAsync"/> ends without handing it to
    /// <see cref="Change"/> (it failed, or made no change). If that instance held the only copy of a change not yet
    /// written, that change and those not yet written before it fail, and the row is read afresh by the next load.
    /// </summary>
    public void GiveBack(TSaga instance)
    {
        if (!_rows.TryGetValue(instance.CorrelationId, out var entry))
        {
            return;
        }

        TaskCompletionSource? returned;
        lock (entry)
        {
            if (!ReferenceEquals(entry.LentTo, instance))
            {
                return;
            }

            // The writer finds the change without its instance and fails the changes not yet written.
            entry.LentTo = null;
            returned = entry.Returned;
            entry.Returned = null;
        }

        returned?.TrySetResult();
    }

    /// <summary>
    /// The instance from the kept row, or null when this process keeps no row of that id. Lending: the instance the
    /// last change was made on, once; else one made from the kept JSON. Not lending: always one made from the JSON
    /// (made now from the kept instance when its latest change has none yet). Waits while a message holds the only
    /// copy of the latest change.
    /// </summary>
    private async Task<(TSaga? Instance, long Generation)?> FromKeptRowAsync(Guid correlationId, bool lend, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (_rows.TryGetValue(correlationId, out var entry))
        {
            Task? returned = null;
            (int Version, byte[] Data) text = (0, []);
            long generation;
            TSaga? lent = null;
            lock (entry)
            {
                if (entry.Latest is not { } latest)
                {
                    return null;
                }

                generation = entry.Generation;
                if (latest.Data is { } data)
                {
                    text = (latest.Version, data);
                    if (lend)
                    {
                        lent = entry.Instance;
                        entry.Instance = null;
                    }
                }
                else if (entry.Instance is { } held)
                {
                    if (lend)
                    {
                        entry.Instance = null;
                        entry.LentTo = held;
                        StateTelemetry.Record(table.Name, "load-cached", started);
                        return (held, generation);
                    }

                    text = (latest.Version, ToJson(entry, held));
                }
                else
                {
                    // A message holds the only copy of the latest change; it hands it back changed or not.
                    returned = (entry.Returned ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
                }
            }

            if (returned is not null)
            {
                await returned.WaitAsync(cancellationToken);
                continue;
            }

            var instance = lent is not null && lent.Version == text.Version ? lent : Read(correlationId, text.Version, text.Data);
            StateTelemetry.Record(table.Name, "load-cached", started);
            return (instance, generation);
        }

        return null;
    }

    private async Task<(TSaga? Instance, long Generation)> ReadTableAsync(Guid correlationId, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var row = await database.ReadAsync(async connection =>
        {
            await using var command = connection.Command($"SELECT version, data FROM {table.Name} WHERE correlation_id = @id", null, ("id", database.Id(correlationId)));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? (reader.GetInt32(0), Encoding.UTF8.GetBytes(reader.GetString(1))) : ((int, byte[])?)null;
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
        byte[] data = [];
        var inserted = await database.WriteAsync(async connection =>
        {
            await using var command = connection.Command(
                $"INSERT INTO {table.Name} (correlation_id, version, data, updated_at) VALUES (@id, @version, {database.JsonValue("data")}, @at) ON CONFLICT (correlation_id) DO NOTHING");
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
        var data = _oneByOne.ContainsKey(instance.CorrelationId) ? Serialize(instance, version) : null;
        var entry = _rows.GetOrAdd(instance.CorrelationId, _ => NewRow());
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        TaskCompletionSource? returned = null;
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
            if (entry.LentTo is not null)
            {
                // The instance that held the only copy of the change before this one is back, with this change.
                entry.LentTo = null;
                returned = entry.Returned;
                entry.Returned = null;
            }
        }

        returned?.TrySetResult();
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

    /// <summary>
    /// Writes the changes gathered on <paramref name="entry"/> until none is left: each write saves the latest for all
    /// of them, made JSON here if it is not yet.
    /// </summary>
    private async Task WriteBehindAsync(Guid correlationId, KeptRow entry)
    {
        while (true)
        {
            List<TaskCompletionSource> batch = [];
            var expected = 0;
            (int Version, byte[] Data) target = (0, []);
            Task? returned = null;
            var failure = default(Exception);
            lock (entry)
            {
                if (entry.Pending.Count == 0)
                {
                    entry.Writing = false;
                    return;
                }

                var (version, data) = entry.Latest!.Value;
                if (data is null && entry.Instance is { } held)
                {
                    try
                    {
                        data = ToJson(entry, held);
                    }
                    catch (Exception ex)
                    {
                        failure = ex;
                    }
                }
                else if (data is null && entry.LentTo is not null)
                {
                    returned = (entry.Returned ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
                }
                else if (data is null)
                {
                    failure = new ConcurrencyException($"{table.Name}: the message holding version {version} ended without saving it", typeof(TSaga), correlationId);
                }

                if (data is not null)
                {
                    batch = entry.Pending;
                    entry.Pending = [];
                    expected = entry.Committed!.Value;
                    target = (version, data);
                }
            }

            if (returned is not null)
            {
                await returned;
                continue;
            }

            if (failure is null && SagaStateLimit.Excess(target.Data, _maxStateBytes) is { } bytes)
            {
                // Which of the changes made it too large is not known here: they are retried, each made JSON on its own.
                _oneByOne[correlationId] = true;
                failure = new ConcurrencyException(
                    $"{SagaStateLimit.Refusal(table.Name, $"instance {correlationId}", bytes, _maxStateBytes)}; its {batch.Count} change(s) are retried one at a time",
                    typeof(TSaga), correlationId);
            }

            if (failure is null)
            {
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
            }

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
            TaskCompletionSource? waiting;
            lock (entry)
            {
                dependent = entry.Pending;
                entry.Pending = [];
                entry.Latest = null;
                entry.Instance = null;
                entry.LentTo = null;
                waiting = entry.Returned;
                entry.Returned = null;
                entry.Committed = null;
                entry.Generation = Interlocked.Increment(ref _generations);
                entry.Writing = false;
            }

            _rows.TryRemove(new KeyValuePair<Guid, KeptRow>(correlationId, entry));
            waiting?.TrySetResult();
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

    private async Task<int> WriteAsync(Guid correlationId, int expected, int version, byte[] data, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var updated = await database.WriteAsync(async connection =>
        {
            await using var command = connection.Command(
                $"UPDATE {table.Name} SET version = @version, data = {database.JsonValue("data")}, updated_at = @at WHERE correlation_id = @id AND version = @expected");
            AddRow(command, correlationId, version, data);
            command.Add("expected", expected);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
        StateTelemetry.Record(table.Name, "update", started);
        return updated;
    }

    private TSaga Read(Guid correlationId, int version, byte[] data)
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
    private long Remember(Guid correlationId, int version, byte[] data)
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
            TaskCompletionSource? returned;
            lock (entry)
            {
                entry.Generation = Interlocked.Increment(ref _generations);
                entry.LentTo = null;
                returned = entry.Returned;
                entry.Returned = null;
            }

            returned?.TrySetResult();
        }
    }

    private static KeptRow NewRow() => new() { Generation = Interlocked.Increment(ref _generations) };

    private void Conflict(string operation) =>
        StateTelemetry.SagaConflicts.Add(1, new KeyValuePair<string, object?>("table", table.Name), new KeyValuePair<string, object?>("operation", operation));

    /// <summary>
    /// The JSON of the instance at <paramref name="version"/>; the instance keeps its own version meanwhile. Checked
    /// against the size limit unless <paramref name="enforce"/> is false (the writer checks what it writes).
    /// </summary>
    private byte[] Serialize(TSaga instance, int version, bool enforce = true)
    {
        var loaded = instance.Version;
        instance.Version = version;
        byte[] data;
        try
        {
            data = JsonSerializer.SerializeToUtf8Bytes(instance, Json);
        }
        finally
        {
            instance.Version = loaded;
        }

        StateTelemetry.SagaRowSize.Record(data.Length, new KeyValuePair<string, object?>("table", table.Name));
        if (enforce)
        {
            SagaStateLimit.Enforce(table.Name, instance, data, _maxStateBytes);
        }

        return data;
    }

    /// <summary>Makes the kept row's latest change JSON from <paramref name="held"/>, its instance; under the row's lock.</summary>
    private byte[] ToJson(KeptRow entry, TSaga held)
    {
        var data = Serialize(held, held.Version, enforce: false);
        entry.Latest = (held.Version, data);
        return data;
    }

    /// <summary>Binds id, version, data and updated_at.</summary>
    private void AddRow(DbCommand command, Guid correlationId, int version, byte[] data)
    {
        command.Add("id", database.Id(correlationId));
        command.Add("version", version);
        database.MarkJson(command.Add("data", data));
        command.Add("at", database.Timestamp(time.GetUtcNow()));
    }

    /// <summary>
    /// A row kept in memory: <see cref="Latest"/> is what the next load returns (it may hold changes not yet written;
    /// its JSON is null until made), <see cref="Instance"/> the object of that version when no load has taken it yet,
    /// <see cref="LentTo"/> the message's instance that holds the only copy of the latest change (its JSON not made),
    /// <see cref="Returned"/> what the writer and other loads wait on until that instance is back,
    /// <see cref="Committed"/> the version the table holds as far as this process knows, <see cref="Pending"/> the
    /// changes in <see cref="Latest"/> no write has taken yet. <see cref="Generation"/> changes whenever the row is
    /// dropped, so a change made from an instance loaded before cannot be saved. Guarded by its own lock.
    /// </summary>
    private sealed class KeptRow
    {
        public (int Version, byte[]? Data)? Latest;
        public TSaga? Instance;
        public TSaga? LentTo;
        public TaskCompletionSource? Returned;
        public int? Committed;
        public List<TaskCompletionSource> Pending = [];
        public bool Writing;
        public long Generation;
    }
}
