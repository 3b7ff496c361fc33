namespace Microservices.Events.Tests.Durable;

/// <summary>
/// The <see cref="DurableServers"/> of the multi-process tests (those <c>make test</c> names, else throw-away ones stopped
/// at the end) and the published services they run. When either cannot be had the tests fail under <c>CI=true</c>
/// and are skipped with the reason otherwise.
/// </summary>
public sealed class DurableInfrastructure : IAsyncLifetime
{
    private DurableServers? _servers;
    private int _databases;

    public string? Unavailable { get; private set; }

    public string PublishRoot => Path.Combine(RepoPaths.Root, "artifacts", "publish");

    public string LogDirectory => Path.Combine(RepoPaths.Root, "artifacts", "durable-logs");

    public int RabbitPort => Rabbit.Port;

    /// <inheritdoc cref="RabbitMqTestNode.PrometheusPort"/>
    public int RabbitPrometheusPort => Rabbit.PrometheusPort;

    /// <summary>Whether the tests may stop and start the broker (they know its data folder).</summary>
    public bool CanRestartRabbit => Rabbit.CanRestart;

    private DurableServers Servers => _servers ?? throw new InvalidOperationException($"no durable servers: {Unavailable}");

    private RabbitMqTestNode Rabbit => Servers.Rabbit;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(LogDirectory);
        try
        {
            _servers = await DurableServers.StartAsync();
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

    /// <inheritdoc cref="RabbitMqTestNode.CreateVirtualHostAsync"/>
    public Task<string> CreateVirtualHostAsync(string name) => Rabbit.CreateVirtualHostAsync(name);

    /// <inheritdoc cref="RabbitMqTestNode.ListQueuesAsync"/>
    public Task<IReadOnlyList<QueueState>> ListQueuesAsync(string vhost) => Rabbit.ListQueuesAsync(vhost);

    /// <inheritdoc cref="RabbitMqTestNode.AlarmsAsync"/>
    public Task<IReadOnlyList<string>> RabbitAlarmsAsync() => Rabbit.AlarmsAsync();

    /// <inheritdoc cref="RabbitMqTestNode.CtlAsync"/>
    public Task<string> RabbitCtlAsync(params string[] args) => Rabbit.CtlAsync(args);

    public Task StopRabbitAsync() => Rabbit.StopAsync();

    public Task StartRabbitAgainAsync() => Rabbit.StartAgainAsync();

    /// <summary>A fresh database; returns its connection string.</summary>
    public Task<string> CreateDatabaseAsync() =>
        Servers.Postgres.CreateDatabaseAsync($"events_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}");

    public async Task DisposeAsync()
    {
        if (_servers is not null)
        {
            await _servers.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DurableCollection : ICollectionFixture<DurableInfrastructure>
{
    public const string Name = "durable";
}
