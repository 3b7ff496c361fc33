using System.Text.Json;
using Microservices.Events.Testing;

namespace Microservices.Events.Tests.Runtime;

/// <summary>
/// The runtime settings of services/ServiceRuntime.props as the .NET host reads them: from the runtimeconfig.json
/// beside each published service (<c>make publish</c>), the file a container starts the service with.
/// </summary>
public sealed class ServiceRuntimeSettingsTests
{
    private static readonly string PublishRoot = Path.Combine(RepoPaths.Root, "artifacts", "publish");

    public static TheoryData<string> Services()
    {
        var services = new TheoryData<string>();
        foreach (var (name, _) in PublishedServices.All)
        {
            services.Add(name);
        }

        return services;
    }

    private static JsonElement ConfigProperties(string service)
    {
        var dll = PublishedServices.Require(PublishRoot, service, "run `make publish` (make test does)");
        var path = Path.ChangeExtension(dll, ".runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Idle_thread_pool_workers_of_every_service_sleep_without_spinning_first(string service)
    {
        var properties = ConfigProperties(service);

        Assert.True(properties.TryGetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit", out var limit), $"{service}: no spin limit in its runtimeconfig.json");
        Assert.Equal(0, limit.GetInt32());
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_service_keeps_the_server_garbage_collector_of_aspnet_core(string service)
    {
        var properties = ConfigProperties(service);

        Assert.True(properties.GetProperty("System.GC.Server").GetBoolean(), $"{service}: workstation GC measured more CPU per event");
    }
}
