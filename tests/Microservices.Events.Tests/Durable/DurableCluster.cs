using System.Globalization;

namespace Microservices.Events.Tests.Durable;

/// <summary>The four published services as separate processes on RabbitMQ and PostgreSQL, for one test.</summary>
public sealed class DurableCluster : IAsyncDisposable
{
    private readonly TempSpecs _specs;
    private readonly ServiceGroup _services;

    private DurableCluster(TempSpecs specs, ServiceGroup services, int webhookPort, string virtualHost)
    {
        _specs = specs;
        _services = services;
        WebhookPort = webhookPort;
        VirtualHost = virtualHost;
    }

    public int WebhookPort { get; }

    /// <summary>The RabbitMQ virtual host of this cluster's queues.</summary>
    public string VirtualHost { get; }

    public IEnumerable<ServiceProcess> Processes => _services.Processes;

    public ServiceProcess this[string name] => _services[name];

    public string LogTails => _services.LogTails;

    public string Logs => _services.Logs;

    /// <summary>Starts every service; <paramref name="specs"/> get the webhook port through <c>{WEBHOOK_PORT}</c>.</summary>
    public static Task<DurableCluster> StartAsync(DurableInfrastructure infrastructure, string testName, IReadOnlyDictionary<string, string>? settings, params (string File, string Yaml)[] specs) =>
        StartAsync(new Place(infrastructure.PublishRoot, infrastructure.LogDirectory, infrastructure.RabbitPort, infrastructure.CreateVirtualHostAsync, infrastructure.CreateDatabaseAsync), testName, settings, specs);

    /// <summary>As the other overload, on <paramref name="servers"/> (a database <c>events_<paramref name="testName"/></c>) instead of the shared ones.</summary>
    public static Task<DurableCluster> StartAsync(DurableServers servers, DurableInfrastructure infrastructure, string testName, IReadOnlyDictionary<string, string>? settings, params (string File, string Yaml)[] specs) =>
        StartAsync(new Place(infrastructure.PublishRoot, infrastructure.LogDirectory, servers.Rabbit.Port, servers.Rabbit.CreateVirtualHostAsync, () => servers.Postgres.CreateDatabaseAsync($"events_{testName}")), testName, settings, specs);

    private static async Task<DurableCluster> StartAsync(Place place, string testName, IReadOnlyDictionary<string, string>? settings, (string File, string Yaml)[] specs)
    {
        var webhookPort = FreePort.Next();
        var folder = new TempSpecs(specs.Select(s => (s.File, s.Yaml.Replace("{WEBHOOK_PORT}", webhookPort.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))).ToArray());
        try
        {
            var vhost = await place.CreateVirtualHost($"{testName}-{Guid.NewGuid():N}");
            var environment = DurableSettings.For(place.RabbitPort, vhost, await place.CreateDatabase(), folder.Directory);
            environment["Logging__LogLevel__Microservices.Events"] = "Information";
            environment["Logging__Console__FormatterName"] = "simple";
            environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                environment[key] = value;
            }

            var services = await ServiceGroup.StartAsync(place.PublishRoot, environment, Path.Combine(place.LogDirectory, testName), TimeSpan.FromSeconds(60));
            return new DurableCluster(folder, services, webhookPort, vhost);
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    /// <inheritdoc cref="ServiceGroup.AddReplicaAsync"/>
    public Task<ServiceProcess> AddReplicaAsync(string service) => _services.AddReplicaAsync(service, TimeSpan.FromSeconds(60));

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _specs.Dispose();
    }

    /// <summary>Where a cluster runs: the published services, its logs, the broker's port and how to get a virtual host and a database.</summary>
    private sealed record Place(string PublishRoot, string LogDirectory, int RabbitPort, Func<string, Task<string>> CreateVirtualHost, Func<Task<string>> CreateDatabase);
}
