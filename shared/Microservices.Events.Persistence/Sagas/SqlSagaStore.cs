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
/// the instance was loaded at (0 for a new one) and is advanced on every write. The rows last written or read are
/// kept as text (<see cref="StateOptions.SagaCacheEntries"/>) and a load answered from them; if another process wrote
/// the row since, the next write fails its version check, the entry is dropped and the retry reads the row.
/// </summary>
public sealed class SqlSagaStore<TSaga>(StateDatabase database, StateSchema schema, SqlSagaTable<TSaga> table, TimeProvider time, IOptions<StateOptions> options)
    where TSaga : class, ISagaVersion
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    private readonly ConcurrentDictionary<Guid, (int Version, string Data)> _rows = new();
    private readonly int _cacheEntries = options.Value.SagaCacheEntries;
    private readonly int _maxStateBytes = options.Value.MaxSagaStateBytes;

    // Its conflict counters exist from the start, so a rate over them has a series before the first conflict.
    public string Table { get; } = StateTelemetry.KnowSagaTable(table.Name);

    /// <summary>The stored instance, or null.</summary>
    /// <param name="kept">
    /// Answer from the rows this process kept when it has the row: for the consume path, where the next write checks
    /// the version. Queries from outside (status, tests) read the row.
    /// </param>
    public async Task<TSaga?> LoadAsync(Guid correlationId, CancellationToken cancellationToken, bool kept = false)
    {
        await schema.EnsureSagaTableAsync(table.Name, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        if (kept && _rows.TryGetValue(correlationId, out var cached))
        {
            var hit = Read(correlationId, cached.Version, cached.Data);
            StateTelemetry.Record(table.Name, "load-cached", started);
            return hit;
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
            return null;
        }

        Remember(correlationId, found.Item1, found.Item2);
        return Read(correlationId, found.Item1, found.Item2);
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
            data = AddRow(command, instance, version);
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
            _rows.TryRemove(instance.CorrelationId, out _);
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

    public async Task UpdateAsync(TSaga instance, CancellationToken cancellationToken)
    {
        var expected = instance.Version;
        var version = expected + 1;
        var started = Stopwatch.GetTimestamp();
        var data = "";
        var updated = await database.WriteAsync(async connection =>
        {
            await using var command = connection.Command(
                $"UPDATE {table.Name} SET version = @version, data = @data, updated_at = @at WHERE correlation_id = @id AND version = @expected");
            data = AddRow(command, instance, version);
            command.Add("expected", expected);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
        StateTelemetry.Record(table.Name, "update", started);
        if (updated != 1)
        {
            _rows.TryRemove(instance.CorrelationId, out _);
            Conflict("update");
            throw new ConcurrencyException($"{table.Name}: version {expected} was changed or removed by another consumer", typeof(TSaga), instance.CorrelationId);
        }

        instance.Version = version;
        Remember(instance.CorrelationId, version, data);
    }

    public async Task DeleteAsync(TSaga instance, CancellationToken cancellationToken)
    {
        var expected = instance.Version;
        _rows.TryRemove(instance.CorrelationId, out _);
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

    private TSaga Read(Guid correlationId, int version, string data)
    {
        var instance = JsonSerializer.Deserialize<TSaga>(data, Json)
            ?? throw new InvalidOperationException($"{table.Name}/{correlationId}: stored data is null");
        instance.CorrelationId = correlationId;
        instance.Version = version;
        return instance;
    }

    /// <summary>Keeps the row as written or read, unless a newer version is kept already; makes room by dropping some entry when full.</summary>
    private void Remember(Guid correlationId, int version, string data)
    {
        if (_cacheEntries == 0)
        {
            return;
        }

        if (!_rows.ContainsKey(correlationId) && _rows.Count >= _cacheEntries)
        {
            foreach (var (victim, _) in _rows)
            {
                _rows.TryRemove(victim, out _);
                break;
            }
        }

        _rows.AddOrUpdate(correlationId, (version, data), (_, kept) => kept.Version > version ? kept : (version, data));
    }

    private void Conflict(string operation) =>
        StateTelemetry.SagaConflicts.Add(1, new KeyValuePair<string, object?>("table", table.Name), new KeyValuePair<string, object?>("operation", operation));

    /// <summary>Binds id, version, data and updated_at; the JSON carries the version being written, the instance keeps the loaded one until the write succeeded.</summary>
    private string AddRow(DbCommand command, TSaga instance, int version)
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
        command.Add("id", database.Id(instance.CorrelationId));
        command.Add("version", version);
        database.MarkJson(command.Add("data", data));
        command.Add("at", database.Timestamp(time.GetUtcNow()));
        return data;
    }
}
