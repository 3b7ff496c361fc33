using Microservices.Events.Persistence.Database;
using Microservices.Events.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microservices.Events.Tests.Persistence;

/// <summary>
/// The SQLite state file's write-ahead log is copied back into the file by a background checkpoint, not by the commit
/// that fills it (which made every writer of the process wait for the checkpoint's disk syncs), and the log stays
/// bounded while writers keep writing.
/// </summary>
public sealed class SqliteCheckpointTests
{
    private const int RowBytes = 4_000;
    private const int RowsPerWrite = 250;
    private const long MiB = 1024 * 1024;

    [Fact]
    public async Task A_commit_that_fills_the_log_past_sqlites_automatic_checkpoint_leaves_the_copy_to_the_background()
    {
        using var file = new TempStateFile();
        await using var database = await CreateAsync(file, TimeSpan.FromMinutes(10), SqliteStateDatabase.WalLimitPages);

        // 2,000 rows of 4 KB: about 2,000 pages, twice SQLite's automatic checkpoint of 1,000.
        for (var i = 0; i < 8; i++)
        {
            await WriteRowsAsync(database, i * RowsPerWrite);
        }

        Assert.True(new FileInfo(file.Path + "-wal").Length > 7 * MiB, "the rows are in the log");
        Assert.True(new FileInfo(file.Path).Length < MiB, $"the state file holds only its schema: {new FileInfo(file.Path).Length} bytes");
    }

    [Fact]
    public async Task The_background_checkpoint_copies_the_log_into_the_file_and_the_log_starts_again_from_its_beginning()
    {
        using var file = new TempStateFile();
        await using var database = await CreateAsync(file, TimeSpan.FromMilliseconds(20), SqliteStateDatabase.WalLimitPages);

        // 40 MB written over the same 1,000 rows, with pauses in which the checkpoint finds no writer.
        for (var i = 0; i < 40; i++)
        {
            await WriteRowsAsync(database, (i % 4) * RowsPerWrite);
            await Task.Delay(100);
        }

        await WaitUntilAsync(() => new FileInfo(file.Path).Length > 3 * MiB, "the rows reach the state file");
        var log = new FileInfo(file.Path + "-wal").Length;
        Assert.True(log < 16 * MiB, $"the log is reused from its beginning: {log / MiB} MiB after 40 MB written");
        Assert.Equal(1_000, await CountAsync(database));
    }

    [Fact]
    public async Task Writers_that_never_pause_are_held_back_once_the_log_passes_its_limit_so_the_log_stays_bounded()
    {
        using var file = new TempStateFile();
        await using var database = await CreateAsync(file, TimeSpan.FromMilliseconds(20), walLimitPages: 500);

        // 120 MB written by two writers, one transaction after another, with no pause between them. Without the held
        // checkpoint the log would hold all of it. With it, the log reaches the limit plus what the writers add while
        // a checkpoint waits for its thread and the disk: up to 34 MiB on a busy two-core machine writing at about
        // 150 MB/s, so the bound is half of what was written.
        await Task.WhenAll(Enumerable.Range(0, 2).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 60; i++)
            {
                await WriteRowsAsync(database, (writer * 2 + i % 2) * RowsPerWrite);
            }
        })));

        var log = new FileInfo(file.Path + "-wal").Length;
        Assert.True(log < 60 * MiB, $"the log stays bounded: {log / MiB} MiB after 120 MB written");
        Assert.Equal(1_000, await CountAsync(database));
    }

    /// <summary>The state database over <paramref name="file"/> (in WAL mode) with a table <c>rows</c>.</summary>
    private static async Task<SqliteStateDatabase> CreateAsync(TempStateFile file, TimeSpan checkpointInterval, int walLimitPages)
    {
        var database = new SqliteStateDatabase(file.ConnectionString, 5_000, checkpointInterval, walLimitPages, NullLogger.Instance);
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var transaction = await database.BeginSchemaTransactionAsync(connection, CancellationToken.None);
        await connection.ExecuteAsync("CREATE TABLE rows (id INTEGER PRIMARY KEY, data BLOB NOT NULL)", CancellationToken.None, transaction);
        await transaction.CommitAsync();
        return database;
    }

    /// <summary>One transaction of <see cref="RowsPerWrite"/> rows of <see cref="RowBytes"/>, ids from <paramref name="first"/>.</summary>
    private static Task WriteRowsAsync(StateDatabase database, int first) =>
        database.WriteAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync();
            for (var id = first; id < first + RowsPerWrite; id++)
            {
                await connection.ExecuteAsync("INSERT OR REPLACE INTO rows (id, data) VALUES (@id, randomblob(@bytes))", CancellationToken.None, transaction,
                    ("id", id), ("bytes", RowBytes));
            }

            await transaction.CommitAsync();
            return 0;
        }, CancellationToken.None);

    private static Task<long> CountAsync(StateDatabase database) =>
        database.ReadAsync(async connection => Convert.ToInt64(await connection.ScalarAsync("SELECT COUNT(*) FROM rows", CancellationToken.None)), CancellationToken.None);

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(20);
        }
    }
}
