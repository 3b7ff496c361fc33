using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Microservices.Events.Persistence.Database;

/// <summary>
/// A SQLite file in WAL mode (readers never block the writer), <c>synchronous=NORMAL</c> (a committed write survives the
/// process being killed; only an OS crash or power loss may drop the last commits), writes serialized inside the
/// process and a busy timeout for writers in other processes.
/// </summary>
public sealed class SqliteStateDatabase : StateDatabase
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMilliseconds;
    private readonly SemaphoreSlim _writer = new(1, 1);

    public SqliteStateDatabase(string connectionString, int busyTimeoutMilliseconds)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = Math.Max(30, busyTimeoutMilliseconds / 1000 + 5),
        };
        FilePath = Path.GetFullPath(builder.DataSource);
        builder.DataSource = FilePath;
        _connectionString = builder.ConnectionString;
        _busyTimeoutMilliseconds = busyTimeoutMilliseconds;
        var folder = Path.GetDirectoryName(FilePath);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }

    public string FilePath { get; }

    public override StateProvider Provider => StateProvider.Sqlite;

    public override string Describe() => $"SQLite {FilePath}";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await connection.ExecuteAsync($"PRAGMA busy_timeout = {_busyTimeoutMilliseconds.ToString(CultureInfo.InvariantCulture)}; PRAGMA synchronous = NORMAL;", cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override async Task<T> WriteAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            return await base.WriteAsync(work, cancellationToken);
        }
        finally
        {
            _writer.Release();
        }
    }

    public override object Id(Guid id) => id.ToString("D");

    public override object Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public override string TimestampType => "TEXT";

    public override string SagaTableDdl(string table) =>
        $"CREATE TABLE IF NOT EXISTS {table} (correlation_id TEXT NOT NULL PRIMARY KEY, version INTEGER NOT NULL, data TEXT NOT NULL, updated_at TEXT NOT NULL)";

    public override async Task<DbTransaction> BeginSchemaTransactionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // WAL is a property of the file; setting it needs no transaction and is a no-op once set.
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL;", cancellationToken);
        return ((SqliteConnection)connection).BeginTransaction(deferred: false);
    }

    public override async ValueTask DisposeAsync()
    {
        _writer.Dispose();
        await base.DisposeAsync();
    }
}
