using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Microservices.Events.Tests.Durable;

/// <summary>
/// Real RabbitMQ and PostgreSQL for the multi-process tests: the ones named by <c>EVENTS_TEST_RABBITMQ_PORT</c>
/// (with <c>EVENTS_TEST_RABBITMQ_DIR</c>, its data folder) and <c>EVENTS_TEST_POSTGRES</c>, as <c>make test</c> sets
/// them, else throw-away servers started here (and stopped at the end). When a server cannot
/// be had the tests fail under <c>CI=true</c> and are skipped with the reason otherwise.
/// </summary>
public sealed class DurableInfrastructure : IAsyncLifetime
{
    private readonly string _work = CreateWorkFolder();
    private bool _ownsRabbit;
    private bool _ownsPostgres;
    private int _databases;

    public int RabbitPort { get; private set; }

    public string RabbitDirectory { get; private set; } = "";

    public string PostgresAdmin { get; private set; } = "";

    public string? Unavailable { get; private set; }

    public string PublishRoot => Path.Combine(RepoPaths.Root, "artifacts", "publish");

    public string LogDirectory => Path.Combine(RepoPaths.Root, "artifacts", "durable-logs");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(LogDirectory);
        try
        {
            await StartRabbitAsync();
            await StartPostgresAsync();
            PublishedServices.RequireAll(PublishRoot, "run `make publish` (make test does)");
        }
        catch (Exception ex)
        {
            Unavailable = ex.Message;
        }
    }

    /// <summary>Call first in every test: fails under CI, or returns false (test skipped) when the servers are missing.</summary>
    public bool Available()
    {
        if (Unavailable is null)
        {
            return true;
        }

        Assert.False(RepoPaths.IsCi, $"CI=true and the durable test infrastructure is missing: {Unavailable}");
        return false;
    }

    /// <summary>A fresh virtual host so no queue or message of another test is seen.</summary>
    public async Task<string> CreateVirtualHostAsync(string name)
    {
        await RabbitCtlAsync("add_vhost", name);
        await RabbitCtlAsync("set_permissions", "-p", name, "guest", ".*", ".*", ".*");
        return name;
    }

    /// <summary>The queues of a virtual host as the broker sees them (ready and unacknowledged messages, consumers).</summary>
    public async Task<IReadOnlyList<QueueState>> ListQueuesAsync(string vhost)
    {
        var output = await RunAsync("rabbitmqctl", ["-n", RabbitNodeName, "list_queues", "-p", vhost, "--quiet", "--no-table-headers", "name", "messages_ready", "messages_unacknowledged", "consumers"]);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .Where(f => f.Length == 4 && long.TryParse(f[1], out _))
            .Select(f => new QueueState(f[0], long.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture), long.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
    }

    /// <summary>Runs <c>rabbitmqctl</c> against the test node.</summary>
    public Task RabbitCtlAsync(params string[] args) =>
        RunAsync("rabbitmqctl", ["-n", RabbitNodeName, .. args]);

    /// <summary>A fresh database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"events_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await using var connection = new NpgsqlConnection(PostgresAdmin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(PostgresAdmin) { Database = name }.ConnectionString;
    }

    public Task StopRabbitAsync() => RunScriptAsync("rabbitmq-test.sh", "stop", RabbitDirectory);

    public async Task StartRabbitAgainAsync()
    {
        await RunScriptAsync("rabbitmq-test.sh", "start", RabbitDirectory, RabbitPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Whether the tests may stop and start the broker (they know its data folder).</summary>
    public bool CanRestartRabbit => RabbitDirectory.Length > 0;

    public async Task DisposeAsync()
    {
        if (_ownsRabbit)
        {
            await RunScriptAsync("rabbitmq-test.sh", "stop", RabbitDirectory);
        }

        if (_ownsPostgres)
        {
            await RunScriptAsync("postgres-test.sh", "stop", Path.Combine(_work, "postgres"));
        }

        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task StartRabbitAsync()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("EVENTS_TEST_RABBITMQ_PORT"), out var port))
        {
            RabbitPort = port;
            RabbitDirectory = Environment.GetEnvironmentVariable("EVENTS_TEST_RABBITMQ_DIR") ?? "";
            return;
        }

        RabbitDirectory = Path.Combine(_work, "rabbitmq");
        RabbitPort = FreePort.Next();
        await RunScriptAsync("rabbitmq-test.sh", "start", RabbitDirectory, RabbitPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _ownsRabbit = true;
    }

    private async Task StartPostgresAsync()
    {
        if (Environment.GetEnvironmentVariable("EVENTS_TEST_POSTGRES") is { Length: > 0 } configured)
        {
            PostgresAdmin = configured;
            return;
        }

        var output = await RunScriptAsync("postgres-test.sh", "start", Path.Combine(_work, "postgres"), FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        PostgresAdmin = output.Trim().Split('\n')[^1];
        _ownsPostgres = true;
    }

    /// <summary>
    /// The node name scripts/rabbitmq-test.sh gives a node: <c>EVENTS_TEST_RABBITMQ_NODE</c>, else
    /// <c>events-test-&lt;first 10 hex digits of the SHA-256 of its data folder's path&gt;@localhost</c>.
    /// </summary>
    public string RabbitNodeName => Environment.GetEnvironmentVariable("EVENTS_TEST_RABBITMQ_NODE") is { Length: > 0 } node
        ? node
        : $"events-test-{PathHash(RabbitDirectory)}@localhost";

    private static string PathHash(string directory) => directory.Length == 0
        ? ""
        : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(directory).TrimEnd('/'))))[..10];

    /// <summary>A temporary folder the rabbitmq and postgres users can enter (the servers run as them when started by root).</summary>
    private static string CreateWorkFolder()
    {
        var work = Directory.CreateTempSubdirectory("events-durable-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(work, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        return work;
    }

    private Task<string> RunScriptAsync(string script, params string[] args) =>
        RunAsync(Path.Combine(RepoPaths.Root, "scripts", script), args);

    private static async Task<string> RunAsync(string file, string[] args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot run {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}");
        }

        return await stdout;
    }
}

/// <summary>One queue as <c>rabbitmqctl list_queues</c> reports it.</summary>
public sealed record QueueState(string Name, long Ready, long Unacknowledged, int Consumers);

[CollectionDefinition(Name)]
public sealed class DurableCollection : ICollectionFixture<DurableInfrastructure>
{
    public const string Name = "durable";
}
