using System.Globalization;
using Microservices.Events.Persistence.Database;
using Microservices.Events.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Microservices.Events.Tests.Persistence;

/// <summary>
/// The SQLite state file's connection settings (busy timeout, <c>synchronous=NORMAL</c>, no automatic checkpoint) hold on
/// every connection it hands out: set once on each SQLite handle, which the pool keeps open between uses, on the new
/// handle a cleared pool opens, and again where another instance on the same file set other settings on the handle.
/// </summary>
public sealed class SqliteConnectionSettingsTests
{
    [Fact]
    public async Task Every_connection_has_the_settings_on_a_reused_handle_and_on_a_new_one()
    {
        using var file = new TempStateFile();
        await using var database = new SqliteStateDatabase($"Data Source={file.Path}", busyTimeoutMilliseconds: 7_250);
        var handles = new List<object>();
        for (var i = 0; i < 5; i++)
        {
            await using var connection = (SqliteConnection)await database.OpenAsync(CancellationToken.None);
            await AssertSettingsAsync(connection);
            handles.Add(connection.Handle!);
        }

        // Some handle was handed out again (tests beside this one clear every pool when they delete their state files,
        // so not necessarily each time).
        Assert.True(handles.Distinct(ReferenceEqualityComparer.Instance).Count() < handles.Count, "the pool handed no handle out twice");

        SqliteConnection.ClearAllPools();
        await using (var connection = (SqliteConnection)await database.OpenAsync(CancellationToken.None))
        {
            Assert.DoesNotContain(connection.Handle, handles);
            await AssertSettingsAsync(connection);
        }
    }

    [Fact]
    public async Task Two_instances_on_one_file_each_get_their_own_busy_timeout_on_the_handles_they_share()
    {
        using var file = new TempStateFile();
        await using var first = new SqliteStateDatabase($"Data Source={file.Path}", busyTimeoutMilliseconds: 7_250);
        await using var second = new SqliteStateDatabase($"Data Source={file.Path}", busyTimeoutMilliseconds: 9_000);
        for (var i = 0; i < 2; i++)
        {
            await using (var connection = (SqliteConnection)await first.OpenAsync(CancellationToken.None))
            {
                await AssertSettingsAsync(connection);
            }

            await using (var connection = (SqliteConnection)await second.OpenAsync(CancellationToken.None))
            {
                await AssertSettingsAsync(connection, busyTimeout: 9_000);
            }
        }
    }

    private static async Task AssertSettingsAsync(SqliteConnection connection, long busyTimeout = 7_250)
    {
        Assert.Equal(busyTimeout, await PragmaAsync(connection, "busy_timeout"));
        Assert.Equal(1L, await PragmaAsync(connection, "synchronous"));
        Assert.Equal(0L, await PragmaAsync(connection, "wal_autocheckpoint"));
    }

    private static async Task<long> PragmaAsync(SqliteConnection connection, string name)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
