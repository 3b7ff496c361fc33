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
