using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Microservices.Events.Persistence.Database;

/// <summary>PostgreSQL through one pooled <see cref="NpgsqlDataSource"/>; schema changes hold a transaction-scoped advisory lock.</summary>
public sealed class PostgresStateDatabase(string connectionString) : StateDatabase
{
    /// <summary>Advisory lock key of schema changes: "events" in ASCII followed by 01; arbitrary but fixed.</summary>
    public const long SchemaLockKey = 0x6576656E7473_01;

    /// <summary>
    /// Npgsql's write buffer unless the connection string sets one (its default is 8 KB): a saga row of the size a hot
    /// trigger keeps (35-40 KB with its duplicate window) then goes to the server in one socket write, not five.
    /// </summary>
    public const int DefaultWriteBufferSize = 64 * 1024;

    /// <summary>
    /// Npgsql's automatic preparation unless the connection string sets it (its default, 0, turns it off): a statement
    /// a connection has run five times is prepared on the server, which then no longer parses and plans it each time.
    /// The store runs a few dozen distinct statements, the same ones for every message.
    /// </summary>
    public const int DefaultMaxAutoPrepare = 64;

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(WithDefaults(connectionString));

    /// <summary>
    /// <paramref name="connectionString"/> with <see cref="DefaultWriteBufferSize"/> and <see cref="DefaultMaxAutoPrepare"/>
    /// where it names no write buffer size or maximum of automatically prepared statements of its own.
    /// </summary>
    public static string WithDefaults(string connectionString)
    {
        // The keys as written: Npgsql's own builder answers for every keyword it knows, set or not.
        var written = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!written.Contains("WriteBufferSize"))
        {
            builder.WriteBufferSize = DefaultWriteBufferSize;
        }

        if (!written.Contains("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        return written.Contains("WriteBufferSize") && written.Contains("MaxAutoPrepare") ? connectionString : builder.ConnectionString;
    }

    public override StateProvider Provider => StateProvider.Postgres;

    public override string Describe()
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
    }

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public override object Id(Guid id) => id;

    public override object Timestamp(DateTimeOffset time) => time.UtcDateTime;

    public override string TimestampType => "timestamptz";

    public override void MarkJson(DbParameter parameter) => ((NpgsqlParameter)parameter).NpgsqlDbType = NpgsqlDbType.Json;

    public override string JsonValue(string parameter) => "@" + parameter;

    public override string SagaTableDdl(string table) =>
        $"CREATE TABLE IF NOT EXISTS {table} (correlation_id uuid NOT NULL PRIMARY KEY, version integer NOT NULL, data json NOT NULL, updated_at timestamptz NOT NULL)";

    /// <summary>
    /// A saga row's JSON (35-40 KB for a hot trigger, written for every few of its events) is compressed with LZ4 where
    /// the server has it (PostgreSQL 14 or later, built with LZ4): PostgreSQL's own compression, pglz, costs the server
    /// about three times the CPU per write. A column already set is left alone; rows written before keep their pglz
    /// values, which read as before, until they are next written. A role that may not alter the table (it does not
    /// own it) leaves it as it is, and the returned warning says so.
    /// </summary>
    public override async Task<string?> EnsureSagaTableStorageAsync(DbConnection connection, DbTransaction transaction, string table, CancellationToken cancellationToken)
    {
        if (((NpgsqlConnection)connection).PostgreSqlVersion.Major < 14)
        {
            return null;
        }

        var current = await connection.ScalarAsync(
            """
            SELECT a.attcompression::text FROM pg_attribute a
            WHERE a.attrelid = to_regclass(@table) AND a.attname = 'data'
              AND EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals))
            """,
            cancellationToken, transaction, ("table", table));
        if (current is not string compression || compression == SagaDataCompression)
        {
            return null;
        }

        await transaction.SaveAsync("saga_storage", cancellationToken);
        try
        {
            await connection.ExecuteAsync($"ALTER TABLE {table} ALTER COLUMN data SET COMPRESSION lz4", cancellationToken, transaction);
            await transaction.ReleaseAsync("saga_storage", cancellationToken);
            return null;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            await transaction.RollbackAsync("saga_storage", cancellationToken);
            return $"{table}.data keeps PostgreSQL's default compression (pglz): {ex.MessageText}; its owner can run ALTER TABLE {table} ALTER COLUMN data SET COMPRESSION lz4";
        }
    }

    /// <summary><c>pg_attribute.attcompression</c> of a column compressed with LZ4.</summary>
    public const string SagaDataCompression = "l";

    public override async Task<DbTransaction> BeginSchemaTransactionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", cancellationToken, transaction, ("key", SchemaLockKey));
        return transaction;
    }

    public override async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await base.DisposeAsync();
    }
}
