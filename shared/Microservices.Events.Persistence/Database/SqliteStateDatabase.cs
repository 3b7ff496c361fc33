using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SQLitePCL;

namespace Microservices.Events.Persistence.Database;

/// <summary>
/// A SQLite file in WAL mode (readers never block the writer), <c>synchronous=NORMAL</c> (a committed write survives the
/// process being killed; only an OS crash or power loss may drop the last commits), writes serialized inside the
/// process and a busy timeout for writers in other processes. The write-ahead log is copied back into the file by a
/// background checkpoint (<see cref="SqliteCheckpointer"/>), not inside the commit that fills it.
/// </summary>
public sealed class SqliteStateDatabase : StateDatabase
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly SqliteCheckpointer _checkpointer;
    private readonly string _settings;

    /// <summary>
    /// The settings <see cref="OpenAsync"/> last set on each SQLite handle (a handle that is closed drops out). The pool
    /// is the process's, shared by every instance with the same connection string, so it is kept for the process too.
    /// </summary>
    private static readonly ConditionalWeakTable<sqlite3, string> Configured = new();

    /// <summary>
    /// Log pages (about 40 MiB) from which each background checkpoint is followed by one that holds the process's
    /// writers back, so the log starts again from its beginning.
    /// </summary>
    public const int WalLimitPages = 10_000;

    public SqliteStateDatabase(string connectionString, int busyTimeoutMilliseconds)
        : this(connectionString, busyTimeoutMilliseconds, TimeSpan.FromMilliseconds(StateOptions.DefaultSqliteCheckpointIntervalMilliseconds), WalLimitPages, NullLogger.Instance)
    {
    }

    /// <param name="checkpointInterval">How often the background checkpoint copies the log back into the file.</param>
    /// <param name="walLimitPages">Log pages from which a checkpoint is followed by one that holds the writers back.</param>
    public SqliteStateDatabase(string connectionString, int busyTimeoutMilliseconds, TimeSpan checkpointInterval, int walLimitPages, ILogger logger)
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
        _settings = $"PRAGMA busy_timeout = {busyTimeoutMilliseconds.ToString(CultureInfo.InvariantCulture)}; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0;";
        _checkpointer = new SqliteCheckpointer(_connectionString, checkpointInterval, walLimitPages, _writer, logger);
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

            // The settings belong to the SQLite handle, which the pool keeps open from one use to the next: set them on
            // a handle's first use only, not on every open.
            var handle = connection.Handle!;
            if (!Configured.TryGetValue(handle, out var set) || set != _settings)
            {
                await connection.ExecuteAsync(_settings, cancellationToken);
                Configured.AddOrUpdate(handle, _settings);
            }

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
        _checkpointer.EnsureStarted();
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

    /// <summary>SQLite would store bytes bound as they are as a blob: cast to text (the bytes unchanged, read as UTF-8).</summary>
    public override string JsonValue(string parameter) => $"CAST(@{parameter} AS TEXT)";

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
        await _checkpointer.DisposeAsync();
        _writer.Dispose();
        await base.DisposeAsync();
    }
}
