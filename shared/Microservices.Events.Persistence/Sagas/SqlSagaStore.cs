using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microservices.Events.Persistence.Database;
using Microservices.Events.Persistence.Schema;

namespace Microservices.Events.Persistence.Sagas;

/// <summary>
/// Rows of one saga type in <c>saga_&lt;name&gt;</c>: the instance as JSON plus a version for optimistic concurrency.
/// A new instance is inserted (an existing row means another process created it first); an update or delete only
/// succeeds against the version that was loaded. Both losers get <see cref="ConcurrencyException"/>, which the saga
/// endpoint retries with a fresh load. <see cref="ISagaVersion.Version"/> belongs to this store: it holds the version
/// the instance was loaded at (0 for a new one) and is advanced on every write.
/// </summary>
public sealed class SqlSagaStore<TSaga>(StateDatabase database, StateSchema schema, SqlSagaTable<TSaga> table, TimeProvider time)
    where TSaga : class, ISagaVersion
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    public string Table => table.Name;

    public async Task<TSaga?> LoadAsync(Guid correlationId, CancellationToken cancellationToken)
    {
        await schema.EnsureSagaTableAsync(table.Name, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var loaded = await database.ReadAsync(async connection =>
        {
            await using var command = connection.Command($"SELECT version, data FROM {table.Name} WHERE correlation_id = @id", null, ("id", database.Id(correlationId)));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            var version = reader.GetInt32(0);
            var instance = JsonSerializer.Deserialize<TSaga>(reader.GetString(1), Json)
                ?? throw new InvalidOperationException($"{table.Name}/{correlationId}: stored data is null");
            instance.CorrelationId = correlationId;
            instance.Version = version;
            return instance;
        }, cancellationToken);
        StateTelemetry.Record(table.Name, "load", started);
        return loaded;
    }

    /// <summary>Inserts a new instance; false when a row with its id already exists.</summary>
    public async Task<bool> TryInsertAsync(TSaga instance, CancellationToken cancellationToken)
    {
        await schema.EnsureSagaTableAsync(table.Name, cancellationToken);
        var version = instance.Version + 1;
        var started = Stopwatch.GetTimestamp();
        var inserted = await database.WriteAsync(async connection =>
        {
            await using var command = connection.Command(
                $"INSERT INTO {table.Name} (correlation_id, version, data, updated_at) VALUES (@id, @version, @data, @at) ON CONFLICT (correlation_id) DO NOTHING");
            AddRow(command, instance, version);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
        StateTelemetry.Record(table.Name, "insert", started);
        if (inserted == 1)
        {
            instance.Version = version;
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
        var updated = await database.WriteAsync(async connection =>
        {
            await using var command = connection.Command(
                $"UPDATE {table.Name} SET version = @version, data = @data, updated_at = @at WHERE correlation_id = @id AND version = @expected");
            AddRow(command, instance, version);
            command.Add("expected", expected);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
        StateTelemetry.Record(table.Name, "update", started);
        if (updated != 1)
        {
            Conflict("update");
            throw new ConcurrencyException($"{table.Name}: version {expected} was changed or removed by another consumer", typeof(TSaga), instance.CorrelationId);
        }

        instance.Version = version;
    }

    public async Task DeleteAsync(TSaga instance, CancellationToken cancellationToken)
    {
        var expected = instance.Version;
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

    private void Conflict(string operation) =>
        StateTelemetry.SagaConflicts.Add(1, new KeyValuePair<string, object?>("table", table.Name), new KeyValuePair<string, object?>("operation", operation));

    /// <summary>Binds id, version, data and updated_at; the JSON carries the version being written, the instance keeps the loaded one until the write succeeded.</summary>
    private void AddRow(DbCommand command, TSaga instance, int version)
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
        command.Add("id", database.Id(instance.CorrelationId));
        command.Add("version", version);
        database.MarkJson(command.Add("data", data));
        command.Add("at", database.Timestamp(time.GetUtcNow()));
    }
}
