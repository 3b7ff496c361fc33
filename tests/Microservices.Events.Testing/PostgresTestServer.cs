using System.Globalization;
using Npgsql;

namespace Microservices.Events.Testing;

/// <summary>
/// A PostgreSQL server for multi-process runs: the one <c>EVENTS_TEST_POSTGRES</c> names (an admin connection string),
/// or a throw-away cluster started with <c>scripts/postgres-test.sh</c>.
/// </summary>
public sealed class PostgresTestServer
{
    public const string Variable = "EVENTS_TEST_POSTGRES";

    private readonly string? _directory;

    private PostgresTestServer(string adminConnectionString, string? directory)
    {
        AdminConnectionString = adminConnectionString;
        _directory = directory;
    }

    public string AdminConnectionString { get; }

    /// <summary>Whether the cluster was started here (and is to be stopped by whoever started it).</summary>
    public bool Owned => _directory is not null;

    /// <summary>The server the variable names; null when it is not set.</summary>
    public static PostgresTestServer? FromEnvironment() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured ? new PostgresTestServer(configured, null) : null;

    /// <summary>Starts a throw-away cluster on a free port with its data in <paramref name="directory"/>.</summary>
    /// <param name="crashSafe">
    /// Acknowledge a commit only once its WAL left the server's memory (<c>synchronous_commit</c> on), so that
    /// <see cref="RestartAsync"/>, a crash of the server, loses no commit; without it the last fraction of a second of
    /// acknowledged commits may be gone after a restart.
    /// </param>
    public static async Task<PostgresTestServer> StartAsync(string directory, bool crashSafe = false)
    {
        string[] args = ["start", directory, FreePort.Next().ToString(CultureInfo.InvariantCulture), .. crashSafe ? new[] { "crash-safe" } : []];
        var output = await ExternalCommand.ScriptAsync("postgres-test.sh", args);
        return new PostgresTestServer(output.Trim().Split('\n')[^1], directory);
    }

    /// <summary>Stops the cluster when it was started here.</summary>
    public Task StopAsync() => _directory is null ? Task.CompletedTask : ExternalCommand.ScriptAsync("postgres-test.sh", "stop", _directory);

    /// <summary>Stops a cluster started here as a crash would (no checkpoint, every connection cut) and starts it again on its data.</summary>
    /// <exception cref="InvalidOperationException">The server was not started here.</exception>
    public Task RestartAsync() => RestartAsync(TimeSpan.Zero);

    /// <summary>As <see cref="RestartAsync()"/>, the cluster staying down for <paramref name="down"/> (whole seconds) before it starts again.</summary>
    /// <exception cref="InvalidOperationException">The server was not started here.</exception>
    public Task RestartAsync(TimeSpan down) => _directory is null
        ? throw new InvalidOperationException($"only a cluster started here can be restarted, not the one {Variable} names")
        : ExternalCommand.ScriptAsync("postgres-test.sh", "restart", _directory, ((int)down.TotalSeconds).ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// The process id of the server's postmaster (its backends are its children), from the first line of
    /// <c>postmaster.pid</c> in its data directory; null when that file cannot be read here (a server elsewhere).
    /// </summary>
    public async Task<int?> ServerProcessIdAsync()
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT setting FROM pg_settings WHERE name = 'data_directory'", connection);
        var pidFile = Path.Combine((string)(await command.ExecuteScalarAsync())!, "postmaster.pid");
        try
        {
            return int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Creates database <paramref name="name"/>; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }
}
