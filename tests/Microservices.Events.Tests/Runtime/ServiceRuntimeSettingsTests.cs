using System.Text.Json.Nodes;

namespace Microservices.Events.Tests.Runtime;

/// <summary>
/// The runtime settings services/ServiceRuntime.props gives every service process (README: Performance), as their
/// runtimeconfig.json files carry them: the build copies those of the referenced service projects beside the tests.
/// </summary>
public sealed class ServiceRuntimeSettingsTests
{
    public static TheoryData<string> Services => new()
    {
        "Microservices.Events.Ingress",
        "Microservices.Events.BusGateway",
        "Microservices.Events.SensorState",
        "Microservices.Events.TriggerDispatch",
    };

    [Theory]
    [MemberData(nameof(Services))]
    public void A_service_runs_on_the_server_gc_without_dynamic_pgo_and_with_thread_pool_workers_that_do_not_spin(string assembly)
    {
        var properties = ConfigProperties(assembly);

        Assert.Equal(false, properties["System.Runtime.TieredPGO"]?.GetValue<bool>());
        Assert.Equal(0, properties["System.Threading.ThreadPool.UnfairSemaphoreSpinLimit"]?.GetValue<int>());
        Assert.Equal(true, properties["System.GC.Server"]?.GetValue<bool>());
    }

    private static JsonObject ConfigProperties(string assembly)
    {
        var path = Path.Combine(AppContext.BaseDirectory, $"{assembly}.runtimeconfig.json");
        Assert.True(File.Exists(path), $"{path} is missing: the test project no longer references {assembly}?");
        var config = JsonNode.Parse(File.ReadAllText(path));
        return config?["runtimeOptions"]?["configProperties"] as JsonObject ?? throw new InvalidDataException($"{path} has no runtimeOptions.configProperties");
    }
}
