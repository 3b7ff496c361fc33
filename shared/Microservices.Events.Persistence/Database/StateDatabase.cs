using System.Data.Common;

namespace Microservices.Events.Persistence.Database;

/// <summary>
/// One state database (SQLite file or PostgreSQL) reached over ADO.NET, with the few places where the two dialects differ.
/// Every statement runs in its own implicit transaction unless a caller opens one.
/// </summary>
public abstract class StateDatabase : IAsyncDisposable
{
    public abstract StateProvider Provider { get; }

    /// <summary>Where the state lives, without credentials (for logs).</summary>
    public abstract string Describe();

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Runs statements that write. SQLite serializes them inside the process; PostgreSQL runs them concurrently.</summary>
    public virtual async Task<T> WriteAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await work(connection);
    }

    /// <summary>
    /// Runs <paramref name="statements"/> in one transaction and returns the rows each one affected, in order; one that
    /// fails rolls them all back. Where the provider supports ADO.NET batches (PostgreSQL) they travel in one round trip.
    /// </summary>
    public Task<int[]> WriteBatchAsync(IReadOnlyList<BatchStatement> statements, CancellationToken cancellationToken) =>
        WriteAsync(async connection =>
        {
            var affected = new int[statements.Count];
            if (connection.CanCreateBatch)
            {
                // A batch without an explicit transaction runs in an implicit one: all statements commit or none.
                await using var batch = connection.CreateBatch();
                foreach (var statement in statements)
                {
                    var command = batch.CreateBatchCommand();
                    command.CommandText = statement.Sql;
                    foreach (var (name, value) in statement.Parameters)
                    {
                        var parameter = command.CreateParameter();
                        parameter.ParameterName = name;
                        parameter.Value = value ?? DBNull.Value;
                        command.Parameters.Add(parameter);
                    }

                    batch.BatchCommands.Add(command);
                }

                await batch.ExecuteNonQueryAsync(cancellationToken);
                for (var i = 0; i < affected.Length; i++)
                {
                    affected[i] = batch.BatchCommands[i].RecordsAffected;
                }

                return affected;
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            for (var i = 0; i < affected.Length; i++)
            {
                affected[i] = await connection.ExecuteAsync(statements[i].Sql, cancellationToken, transaction, statements[i].Parameters);
            }

            await transaction.CommitAsync(cancellationToken);
            return affected;
        }, cancellationToken);

    public async Task<T> ReadAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await work(connection);
    }

    /// <summary>A correlation id as a parameter value: <c>uuid</c> on PostgreSQL, text on SQLite.</summary>
    public abstract object Id(Guid id);

    /// <summary>A point in time as a parameter value: <c>timestamptz</c> on PostgreSQL, ISO-8601 text on SQLite.</summary>
    public abstract object Timestamp(DateTimeOffset time);

    /// <summary>Column type of values made by <see cref="Timestamp"/>.</summary>
    public abstract string TimestampType { get; }

    /// <summary>
    /// Marks a parameter that carries JSON as UTF-8 bytes (<c>json</c> on PostgreSQL, which keeps the text as written:
    /// key order and spacing of event data survive). Use it in SQL through <see cref="JsonValue"/>.
    /// </summary>
    public virtual void MarkJson(DbParameter parameter)
    {
    }

    /// <summary>The SQL for a parameter marked by <see cref="MarkJson"/>: its bytes stored as the column's JSON text.</summary>
    public abstract string JsonValue(string parameter);

    /// <summary>DDL of a saga table: correlation_id primary key, version, data, updated_at.</summary>
    public abstract string SagaTableDdl(string table);

    /// <summary>
    /// Settles a saga table's storage after <see cref="SagaTableDdl"/>, inside the same schema transaction (nothing by
    /// default); returns a warning to log when it had to leave the table as it is.
    /// </summary>
    public virtual Task<string?> EnsureSagaTableStorageAsync(DbConnection connection, DbTransaction transaction, string table, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(null);

    /// <summary>Starts the transaction schema changes run in, holding a lock that other processes starting at the same time wait for.</summary>
    public abstract Task<DbTransaction> BeginSchemaTransactionAsync(DbConnection connection, CancellationToken cancellationToken);

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
