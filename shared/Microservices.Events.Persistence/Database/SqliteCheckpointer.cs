using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Microservices.Events.Persistence.Database;

/// <summary>
/// Copies a SQLite file's write-ahead log back into the file on a background connection of its own, every
/// <c>interval</c>, instead of inside the commit that fills the log to 1,000 pages (SQLite's automatic checkpoint,
/// which the state database's connections turn off). A checkpoint syncs the log and the file to disk; done inside a
/// commit, every writer of the process waited for those syncs. Passive checkpoints run beside the writers. The log
/// starts again from its beginning only at a write that began after a checkpoint had copied all of it, which writers
/// that keep writing beside the checkpoints never do: once the log holds <c>walLimitPages</c> or more, a second
/// checkpoint follows at once holding the process's writer lock, which copies what was committed since the first, and
/// the next write starts the log again. Crash safety is SQLite's own either way: a commit is in the log before it
/// is acknowledged.
/// </summary>
internal sealed class SqliteCheckpointer : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly TimeSpan _interval;
    private readonly int _walLimitPages;
    private readonly SemaphoreSlim _writer;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Thread? _thread;
    private bool _disposed;

    public SqliteCheckpointer(string connectionString, TimeSpan interval, int walLimitPages, SemaphoreSlim writer, ILogger logger)
    {
        // Mode ReadWrite: a file deleted under the process is not created again by the checkpointer.
        _connectionString = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ConnectionString;
        (_interval, _walLimitPages, _writer, _logger) = (interval, walLimitPages, writer, logger);
    }

    /// <summary>
    /// Starts the checkpoints once; later calls do nothing. They run on a thread of their own: SQLite's calls block
    /// the thread they run on, and writers that keep the thread pool busy would otherwise keep the checkpoint waiting.
    /// </summary>
    public void EnsureStarted()
    {
        if (Volatile.Read(ref _thread) is not null)
        {
            return;
        }

        lock (_stopped)
        {
            if (_thread is not null || _disposed)
            {
                return;
            }

            _thread = new Thread(Run) { IsBackground = true, Name = "SQLite checkpoint" };
            _thread.Start();
        }
    }

    private void Run()
    {
        SqliteConnection? connection = null;
        var failing = false;
        try
        {
            while (!_stopping.Token.WaitHandle.WaitOne(_interval))
            {
                try
                {
                    connection ??= Open();
                    if (Checkpoint(connection) >= _walLimitPages)
                    {
                        // Copies what was committed since the checkpoint above, which is little.
                        CheckpointHoldingWriter(connection);
                    }

                    failing = false;
                }
                catch (Exception ex) when (!_stopping.IsCancellationRequested)
                {
                    // The file is gone or cannot be opened, or anything else: try again at the next tick, since
                    // without these checkpoints the log would only grow.
                    if (!failing)
                    {
                        _logger.LogWarning(ex, "SQLite checkpoint failed; retrying every {Interval}", _interval);
                    }

                    failing = true;
                    connection?.Dispose();
                    connection = null;
                }
            }
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "SQLite checkpoints stopped; the write-ahead log is no longer copied back into the state file");
        }
        finally
        {
            connection?.Dispose();
            _stopped.TrySetResult();
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void CheckpointHoldingWriter(SqliteConnection connection)
    {
        _writer.Wait(_stopping.Token);
        try
        {
            Checkpoint(connection);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Pages in the log (-1 when the file is not in WAL mode).</summary>
    private static long Checkpoint(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        using var reader = command.ExecuteReader();
        return reader.Read() ? reader.GetInt64(1) : -1;
    }

    public async ValueTask DisposeAsync()
    {
        Thread? thread;
        lock (_stopped)
        {
            thread = _thread;
            _disposed = true;
        }

        await _stopping.CancelAsync();
        if (thread is not null)
        {
            await _stopped.Task;
        }
    }
}
