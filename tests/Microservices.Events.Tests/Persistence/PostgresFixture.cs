using System.Diagnostics;
using Microservices.Events.Tests.Support;
using Npgsql;

namespace Microservices.Events.Tests.Persistence;

/// <summary>
/// PostgreSQL for the state tests: <c>EVENTS_TEST_POSTGRES</c> (a connection string) when set, else a throw-away cluster
/// started with <c>scripts/postgres-test.sh</c> on a free port and stopped at the end. Each test gets a database of its own.
/// When PostgreSQL cannot be had, <see cref="Require"/> fails the test under <c>CI=true</c> and skips it otherwise.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string EnvironmentVariable = "EVENTS_TEST_POSTGRES";

    private readonly List<string> _databases = [];
    private string? _clusterDirectory;
    private string? _adminConnectionString;
    private string? _unavailable;

    public async Task InitializeAsync()
    {
        try
        {
            _adminConnectionString = Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured
                ? configured
                : await StartClusterAsync();
            await using var connection = new NpgsqlConnection(_adminConnectionString);
            await connection.OpenAsync();
        }
        catch (Exception ex)
        {
            _unavailable = $"PostgreSQL is not available for the state tests ({ex.Message}). Set {EnvironmentVariable} to a connection string, or install PostgreSQL (scripts/deps.sh).";
        }
    }

    /// <summary>Fails (CI) or skips (elsewhere) the calling test when PostgreSQL could not be started.</summary>
    public void Require()
    {
        if (_unavailable is null)
        {
            return;
        }

        if (RepoPaths.IsCi)
        {
            Assert.Fail(_unavailable);
        }

        Skip.If(true, _unavailable);
    }

    /// <summary>A new empty database; dropped when the fixture ends.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        Require();
        var name = $"events_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(_adminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        lock (_databases)
        {
            _databases.Add(name);
        }

        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_clusterDirectory is not null)
        {
            await RunScriptAsync("stop", _clusterDirectory, "0");
            Directory.Delete(Path.GetDirectoryName(_clusterDirectory)!, recursive: true);
            return;
        }

        if (_adminConnectionString is null || _unavailable is not null)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        foreach (var name in _databases)
        {
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    private async Task<string> StartClusterAsync()
    {
        var parent = Directory.CreateTempSubdirectory("events-pg-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            // The server runs as the postgres user, which must reach the cluster folder.
            File.SetUnixFileMode(parent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        var directory = Path.Combine(parent, "pg");
        var (exitCode, output, error) = await RunScriptAsync("start", directory, FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        _clusterDirectory = directory;
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"scripts/postgres-test.sh exited with {exitCode}: {error.Trim()}");
        }

        return output.Trim().Split('\n')[^1];
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunScriptAsync(string command, string directory, string port)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepoPaths.Root, "scripts", "postgres-test.sh"), command, directory, port])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}

[CollectionDefinition(Name)]
public sealed class StateCollection : ICollectionFixture<PostgresFixture>
{
    /// <summary>The state tests share one PostgreSQL cluster and run one at a time.</summary>
    public const string Name = "state";
}
