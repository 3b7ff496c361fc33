using System.Text.Json.Nodes;
using Microservices.Events.Ingress;
using Microservices.Events.SensorState;
using Microservices.Events.ServiceDefaults;
using Microservices.Events.Testing.Kubernetes;
using Microservices.Events.Tests.Harness;
using Microservices.Events.TriggerDispatch;
using Microsoft.Extensions.Hosting;

namespace Microservices.Events.Tests.Kubernetes;

/// <summary>
/// Each service, wired as its Program wires it, with specs from custom resources: the one that runs a kind writes
/// that kind's status (ingress: EventSources, sensor-state: Sensors) and trigger-dispatch writes none.
/// </summary>
public sealed class StatusWritersTests : IAsyncLifetime
{
    private KubernetesApiDouble _api = null!;

    public async Task InitializeAsync()
    {
        _api = await KubernetesApiDouble.StartAsync();
        _api.Seed("argo", new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1", ["kind"] = "EventSource", ["metadata"] = new JsonObject { ["name"] = "clock" },
            ["spec"] = JsonNode.Parse("""{"calendar": {"hourly": {"interval": "1h"}}}"""),
        });
        _api.Seed("argo", KubernetesSpecCatalogTests.Sensor("relay"));
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Theory]
    [InlineData("ingress", "eventsources")]
    [InlineData("sensor-state", "sensors")]
    [InlineData("trigger-dispatch", "")]
    public async Task A_service_writes_the_status_of_the_kind_it_runs_and_no_other(string service, string written)
    {
        await using var host = await ServiceHarness.StartAsync(builder =>
        {
            builder.Configuration["Specs:Source"] = "Kubernetes";
            builder.Configuration["Specs:ReloadDebounceMilliseconds"] = "50";
            builder.Configuration["Kubernetes:Host"] = _api.BaseUrl;
            builder.Configuration["State:Provider"] = "InMemory";
            switch (service)
            {
                case "ingress":
                    builder.AddIngress();
                    builder.AddEventBusTestHarness(IngressBus.Part);
                    break;
                case "sensor-state":
                    builder.AddSensorState();
                    builder.AddEventBusTestHarness(SensorStateBus.Part);
                    break;
                default:
                    builder.AddTriggerDispatch();
                    builder.AddEventBusTestHarness(TriggerDispatchBus.Part);
                    break;
            }
        });
        string[] Written() => [.. _api.Requests.Where(r => r is { Verb: "patch", Subresource: "status" }).Select(r => r.Type.Plural).Distinct()];

        if (written.Length > 0)
        {
            Assert.True(await Eventually.HoldsAsync(() => Written().Length > 0, TimeSpan.FromSeconds(10)), "no status was written");
        }

        await Task.Delay(1000);
        Assert.Equal(written.Length == 0 ? [] : [written], Written());
        Assert.Contains(_api.Requests, r => r is { Verb: "watch", Type.Plural: "sensors" });
    }
}
