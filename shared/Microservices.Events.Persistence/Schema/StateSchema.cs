using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Microservices.Events.Persistence.Database;
using Microsoft.Extensions.Logging;

namespace Microservices.Events.Persistence.Schema;

/// <summary>
/// Creates or migrates the schema (<c>schema_version</c> records the applied steps) and the saga tables. Idempotent;
/// each change runs in one transaction under a lock (SQLite: the write lock; PostgreSQL: an advisory lock), so several
/// processes may start at once. Done once per process; a failed attempt is retried by the next caller.
/// </summary>
public sealed class StateSchema(StateDatabase database, TimeProvider time, ILogger<StateSchema> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, bool> _sagaTables = new(StringComparer.Ordinal);
    private volatile bool _migrated;

    public async Task EnsureAsync(CancellationToken cancellationToken = default)
    {
        if (_migrated)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_migrated)
            {
                return;
            }

            await database.WriteAsync(async connection =>
            {
                await using var transaction = await database.BeginSchemaTransactionAsync(connection, cancellationToken);
                await connection.ExecuteAsync(
                    $"CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY, description TEXT NOT NULL, applied_at {database.TimestampType} NOT NULL)",
                    cancellationToken, transaction);
                var current = Convert.ToInt32(await connection.ScalarAsync("SELECT COALESCE(MAX(version), 0) FROM schema_version", cancellationToken, transaction), CultureInfo.InvariantCulture);
                if (current > Migrations.Latest)
                {
                    throw new InvalidOperationException($"{database.Describe()}: schema version {current} is newer than this build knows ({Migrations.Latest}); run a newer build");
                }

                foreach (var migration in Migrations.All.Where(m => m.Version > current))
                {
                    foreach (var statement in migration.Statements)
                    {
                        await connection.ExecuteAsync(statement, cancellationToken, transaction);
                    }

                    await connection.ExecuteAsync(
                        "INSERT INTO schema_version (version, description, applied_at) VALUES (@version, @description, @at)",
                        cancellationToken, transaction,
                        ("version", migration.Version), ("description", migration.Description), ("at", database.Timestamp(time.GetUtcNow())));
                    logger.LogInformation("State schema {Version} applied ({Description}) on {Database}", migration.Version, migration.Description, database.Describe());
                }

                await transaction.CommitAsync(cancellationToken);
                return 0;
            }, cancellationToken);
            _migrated = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Creates the table of one saga type if it is missing.</summary>
    public async Task EnsureSagaTableAsync(string table, CancellationToken cancellationToken = default)
    {
        if (_sagaTables.ContainsKey(table))
        {
            return;
        }

        SagaTableName.Validate(table);
        await EnsureAsync(cancellationToken);
        await database.WriteAsync(async connection =>
        {
            await using var transaction = await database.BeginSchemaTransactionAsync(connection, cancellationToken);
            await connection.ExecuteAsync(database.SagaTableDdl(table), cancellationToken, transaction);
            if (await database.EnsureSagaTableStorageAsync(connection, transaction, table, cancellationToken) is { } warning)
            {
                logger.LogWarning("State schema on {Database}: {Warning}", database.Describe(), warning);
            }

            await transaction.CommitAsync(cancellationToken);
            return 0;
        }, cancellationToken);
        _sagaTables.TryAdd(table, true);
    }

    /// <summary>The applied schema version (0 when none).</summary>
    public Task<int> VersionAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(async connection =>
            Convert.ToInt32(await connection.ScalarAsync("SELECT COALESCE(MAX(version), 0) FROM schema_version", cancellationToken), CultureInfo.InvariantCulture),
            cancellationToken);
}
