using Npgsql;

namespace Microservices.Events.Tests.Durable;

/// <summary>
/// The PostgreSQL cluster a chaos run restarts (<see cref="PostgresTestServer.StartAsync"/> with <c>crashSafe</c>):
/// every commit it acknowledged is still there after an immediate stop and start. Without it (the test clusters'
/// <c>synchronous_commit=off</c>) the commits of the last fraction of a second before the stop are gone, which a chaos
/// run would count against the services.
/// </summary>
public sealed class CrashSafePostgresTests
{
    [SkippableFact]
    public async Task A_crash_safe_cluster_keeps_every_commit_it_acknowledged_through_an_immediate_restart()
    {
        var directory = Directory.CreateTempSubdirectory("events-crash-safe-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            // The server runs as the postgres user when the tests run as root: it must get through to its folder.
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        PostgresTestServer server;
        try
        {
            server = await PostgresTestServer.StartAsync(Path.Combine(directory, "postgres"), crashSafe: true);
        }
        catch (InvalidOperationException ex)
        {
            Directory.Delete(directory, recursive: true);
            Assert.False(RepoPaths.IsCi, $"CI=true and PostgreSQL could not be started: {ex.Message}");
            Skip.If(true, ex.Message);
            return;
        }

        try
        {
            // No pool: a pooled connection from before the restart would be dead.
            var connectionString = new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Pooling = false }.ConnectionString;
            await using (var setup = new NpgsqlConnection(connectionString))
            {
                await setup.OpenAsync();
                await using var create = new NpgsqlCommand("CREATE TABLE acknowledged (n int PRIMARY KEY)", setup);
                await create.ExecuteNonQueryAsync();
            }

            // One writer commits row after row; the restart cuts it off in the middle of the stream.
            var acknowledged = 0;
            var writer = Task.Run(async () =>
            {
                try
                {
                    await using var connection = new NpgsqlConnection(connectionString);
                    await connection.OpenAsync();
                    for (var n = 1; ; n++)
                    {
                        await using var insert = new NpgsqlCommand($"INSERT INTO acknowledged VALUES ({n})", connection);
                        await insert.ExecuteNonQueryAsync();
                        Volatile.Write(ref acknowledged, n);
                    }
                }
                catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException)
                {
                }
            });
            Assert.True(await Eventually.HoldsAsync(() => Volatile.Read(ref acknowledged) >= 500, TimeSpan.FromSeconds(60)), "the writer did not get going");
            await server.RestartAsync();
            await writer;

            var last = Volatile.Read(ref acknowledged);
            await using var check = new NpgsqlConnection(connectionString);
            await check.OpenAsync();
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM acknowledged WHERE n <= {last}", check);
            Assert.Equal(last, Convert.ToInt32(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            await server.StopAsync();
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
