using System.Globalization;
using Microservices.Events.Tests.Support;

namespace Microservices.Events.Tests.Durable;

/// <summary>The four published services as separate processes on RabbitMQ and PostgreSQL, for one test.</summary>
public sealed class DurableCluster : IAsyncDisposable
{
    public static readonly IReadOnlyList<(string Name, string Dll)> Services =
    [
        ("bus-gateway", "Microservices.Events.BusGateway.dll"),
        ("sensor-state", "Microservices.Events.SensorState.dll"),
        ("trigger-dispatch", "Microservices.Events.TriggerDispatch.dll"),
        ("ingress", "Microservices.Events.Ingress.dll"),
    ];

    private readonly Dictionary<string, ServiceProcess> _processes = new(StringComparer.Ordinal);
    private readonly TempSpecs _specs;

    private DurableCluster(TempSpecs specs, int webhookPort, string virtualHost)
    {
        _specs = specs;
        WebhookPort = webhookPort;
        VirtualHost = virtualHost;
    }

    public int WebhookPort { get; }

    /// <summary>The RabbitMQ virtual host of this cluster's queues.</summary>
    public string VirtualHost { get; }

    public IEnumerable<ServiceProcess> Processes => _processes.Values;

    public ServiceProcess this[string name] => _processes[name];

    public string LogTails => string.Join("\n", _processes.Values.Select(p => $"===== {p.Name} (end)\n{p.LogTail}"));

    public string Logs => string.Join("\n", _processes.Values.Select(p => $"===== {p.Name}\n{p.Log}"));

    /// <summary>Starts every service; <paramref name="specs"/> get the webhook port through <c>{WEBHOOK_PORT}</c>.</summary>
    public static async Task<DurableCluster> StartAsync(DurableInfrastructure infrastructure, string testName, IReadOnlyDictionary<string, string>? settings, params (string File, string Yaml)[] specs)
    {
        var webhookPort = FreePort.Next();
        var folder = new TempSpecs(specs.Select(s => (s.File, s.Yaml.Replace("{WEBHOOK_PORT}", webhookPort.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))).ToArray());
        var vhost = await infrastructure.CreateVirtualHostAsync($"{testName}-{Guid.NewGuid():N}");
        var cluster = new DurableCluster(folder, webhookPort, vhost);
        var database = await infrastructure.CreateDatabaseAsync();
        var environment = new Dictionary<string, string>
        {
            ["Bus__Transport"] = "RabbitMq",
            ["Bus__RabbitMq__Host"] = "127.0.0.1",
            ["Bus__RabbitMq__Port"] = infrastructure.RabbitPort.ToString(CultureInfo.InvariantCulture),
            ["Bus__RabbitMq__VirtualHost"] = vhost,
            ["State__Provider"] = "Postgres",
            ["ConnectionStrings__State"] = database,
            ["Specs__Directory"] = folder.Directory,
            ["Ingress__WebhookBindAddress"] = "127.0.0.1",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microservices.Events"] = "Information",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var logs = Path.Combine(infrastructure.LogDirectory, testName);
        Directory.CreateDirectory(logs);
        try
        {
            foreach (var (name, dll) in Services)
            {
                var process = new ServiceProcess(name, Path.Combine(infrastructure.PublishRoot, name, dll), FreePort.Next(), environment, logs);
                cluster._processes[name] = process;
                await process.StartAsync(TimeSpan.FromSeconds(60));
            }
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes.Values)
        {
            await process.DisposeAsync();
        }

        _specs.Dispose();
    }
}
