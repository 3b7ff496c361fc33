namespace Microservices.Events.Testing;

/// <summary>
/// Real RabbitMQ and PostgreSQL for multi-process runs: the ones the <c>EVENTS_TEST_*</c> variables name, as
/// <c>make test</c> and <c>make bench</c> set them, else throw-away servers started here and stopped on disposal.
/// </summary>
public sealed class DurableServers : IAsyncDisposable
{
    private readonly string? _work;

    private DurableServers(RabbitMqTestNode rabbit, PostgresTestServer postgres, string? work)
    {
        Rabbit = rabbit;
        Postgres = postgres;
        _work = work;
    }

    public RabbitMqTestNode Rabbit { get; }

    public PostgresTestServer Postgres { get; }

    /// <summary>The servers the variables name, all of them with the RabbitMQ data folder; else null and what is missing.</summary>
    public static DurableServers? FromEnvironment(out string? missing)
    {
        if (RabbitMqTestNode.FromEnvironment() is { CanRestart: true } rabbit && PostgresTestServer.FromEnvironment() is { } postgres)
        {
            missing = null;
            return new DurableServers(rabbit, postgres, null);
        }

        missing = $"{RabbitMqTestNode.PortVariable}, {RabbitMqTestNode.DirectoryVariable} and {PostgresTestServer.Variable} are not set";
        return null;
    }

    /// <summary>Each server the variables name, the others started in a temporary folder (whatever was started is stopped again when one fails).</summary>
    public static Task<DurableServers> StartAsync() => StartAsync(useEnvironment: true);

    /// <summary>
    /// A throw-away RabbitMQ node and PostgreSQL cluster of their own, whatever the variables say: servers a run may
    /// restart (<see cref="RabbitMqTestNode.StartAgainAsync"/>, <see cref="PostgresTestServer.RestartAsync"/>) without
    /// disturbing tests that share the others. The PostgreSQL cluster is crash-safe (see
    /// <see cref="PostgresTestServer.StartAsync"/>): a restart loses no commit it acknowledged, as with PostgreSQL's defaults.
    /// </summary>
    public static Task<DurableServers> StartOwnAsync() => StartAsync(useEnvironment: false);

    private static async Task<DurableServers> StartAsync(bool useEnvironment)
    {
        var work = CreateWorkFolder();
        RabbitMqTestNode? rabbit = null;
        try
        {
            rabbit = (useEnvironment ? RabbitMqTestNode.FromEnvironment() : null) ?? await RabbitMqTestNode.StartAsync(Path.Combine(work, "rabbitmq"));
            var postgres = (useEnvironment ? PostgresTestServer.FromEnvironment() : null) ?? await PostgresTestServer.StartAsync(Path.Combine(work, "postgres"), crashSafe: !useEnvironment);
            return new DurableServers(rabbit, postgres, work);
        }
        catch
        {
            if (rabbit is { Owned: true })
            {
                await rabbit.StopAsync();
            }

            DeleteWorkFolder(work);
            throw;
        }
    }

    /// <summary>Stops the servers started here and deletes their data.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Rabbit.Owned)
        {
            await Rabbit.StopAsync();
        }

        await Postgres.StopAsync();
        if (_work is not null)
        {
            DeleteWorkFolder(_work);
        }
    }

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

    private static void DeleteWorkFolder(string work)
    {
        try
        {
            Directory.Delete(work, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
