using System.Text.Json.Nodes;
using Microservices.Events.Testing.Kubernetes;
using Xunit.Abstractions;

namespace Microservices.Events.Tests.Durable;

/// <summary>
/// kill -9 at the edge of the <c>resource</c> source: 1,000 Workflows are created in the Kubernetes API double (on a
/// TCP port of the test process) while ingress is killed and started again; the restarted ingress resumes its watch
/// from the resourceVersion it recorded, so the objects created while it was down still fire, each once.
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class ResourceEdgeCrashTests(DurableInfrastructure infrastructure, ITestOutputHelper output)
{
    private const string EventSource = """
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: cluster}
        spec:
          resource:
            created:
              namespace: argo
              group: argoproj.io
              version: v1alpha1
              resource: workflows
              eventTypes: [ADD]
              filter:
                labels: [{key: edge, operation: "==", value: crash}]
        """;

    [Fact]
    public async Task Objects_created_while_ingress_is_killed_fire_once_after_it_restarts()
    {
        if (!infrastructure.Available())
        {
            return;
        }

        await using var api = await KubernetesApiDouble.StartAsync();
        var report = await EdgeCrash.RunAsync(infrastructure, output, new EdgeCrash.Options(
            "resource-edge", EventSource, "cluster", "created", "body.spec.n",
            i =>
            {
                api.Seed("argo", new JsonObject
                {
                    ["apiVersion"] = "argoproj.io/v1alpha1",
                    ["kind"] = "Workflow",
                    ["metadata"] = new JsonObject { ["name"] = $"edge-{i}", ["labels"] = new JsonObject { ["edge"] = "crash" } },
                    ["spec"] = new JsonObject { ["n"] = i },
                });
                return Task.CompletedTask;
            })
        {
            Settings = new Dictionary<string, string> { ["Kubernetes__Host"] = api.BaseUrl },
        });

        Assert.Equal(0, report.Lost);
    }
}
