using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Microservices.Events.Contracts;
using Microservices.Events.Ingress;
using Microservices.Events.Ingress.Publishing;
using Microservices.Events.Ingress.Sources.Consumers;
using Microservices.Events.Ingress.Sources.Resource;
using Microservices.Events.Kubernetes;
using Microservices.Events.Persistence.Resources;
using Microservices.Events.Specs.Sources;
using Microservices.Events.Testing.Kubernetes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Tests.Ingress.Resource;

/// <summary>
/// The <c>resource</c> kind against the Kubernetes API double: list then watch, label selector, event types, old body,
/// resuming from the recorded resourceVersion after a restart, and listing again when that version is gone.
/// </summary>
public sealed class ResourceSourceTests : IAsyncLifetime
{
    private const string Workflows = """
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: cluster}
        spec:
          resource:
            flows:
              namespace: argo
              group: argoproj.io
              version: v1alpha1
              resource: workflows
              eventTypes: [ADD, UPDATE, DELETE]
              filter:
                labels: [{key: app, operation: "==", value: mine}]
        """;

    private readonly InMemoryResourceVersionStore _versions = new();
    private readonly Ingestor _bus = new();
    private KubernetesApiDouble _api = null!;

    public async Task InitializeAsync() => _api = await KubernetesApiDouble.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Existing_objects_are_ADD_then_changes_of_matching_objects_are_UPDATE_with_the_old_body_and_DELETE()
    {
        Seed("before");
        using var kind = Kind();
        await kind.ApplyAsync(SpecSnapshot.FromYaml(Workflows), default);
        Assert.True(await Eventually.HoldsAsync(() => kind.Health().Status == HealthStatus.Healthy), kind.Health().Description);

        Seed("other", app: "theirs");
        Seed("other-ns", ns: "default");
        Seed("after");
        _api.Store.Patch(WorkflowType, "argo", "after", o => { o["spec"] = new JsonObject { ["n"] = 2 }; return o; });
        _api.Store.Delete(WorkflowType, "argo", "before");

        Assert.True(await Eventually.HoldsAsync(() => _bus.Events.Count == 4), string.Join(", ", _bus.Events.Select(Describe)));
        Assert.Equal(["ADD before", "ADD after", "UPDATE after", "DELETE before"], _bus.Events.Select(Describe));
        var update = _bus.Events.ElementAt(2);
        Assert.Equal(1, update.Data!.Value.GetProperty("oldBody").GetProperty("spec").GetProperty("n").GetInt32());
        Assert.Equal(2, update.Data!.Value.GetProperty("body").GetProperty("spec").GetProperty("n").GetInt32());
        Assert.Equal(("resource", "cluster", "flows"), (update.Type, update.Source, update.Subject));
        Assert.All(_bus.Events, e => Assert.Matches("^[0-9a-f]{32}$", e.Id));
        await kind.StopAsync(default);
    }

    [Fact]
    public async Task A_restarted_source_resumes_from_the_recorded_resource_version_and_sees_changes_made_meanwhile()
    {
        Seed("first");
        using (var kind = Kind())
        {
            await kind.ApplyAsync(SpecSnapshot.FromYaml(Workflows), default);
            Assert.True(await Eventually.HoldsAsync(() => _bus.Events.Count == 1));
            await kind.StopAsync(default);
        }

        Seed("while-down");
        _api.Store.Delete(WorkflowType, "argo", "first");
        var lists = _api.Requests.Count(r => r.Verb == "list");
        using (var kind = Kind())
        {
            await kind.ApplyAsync(SpecSnapshot.FromYaml(Workflows), default);
            Assert.True(await Eventually.HoldsAsync(() => _bus.Events.Count == 3), string.Join(", ", _bus.Events.Select(Describe)));
            await kind.StopAsync(default);
        }

        Assert.Equal(["ADD first", "ADD while-down", "DELETE first"], _bus.Events.Select(Describe));
        Assert.Equal(lists, _api.Requests.Count(r => r.Verb == "list"));
    }

    [Fact]
    public async Task A_recorded_resource_version_the_server_no_longer_has_lists_again()
    {
        Seed("first");
        using (var kind = Kind())
        {
            await kind.ApplyAsync(SpecSnapshot.FromYaml(Workflows), default);
            Assert.True(await Eventually.HoldsAsync(() => _bus.Events.Count == 1));
            await kind.StopAsync(default);
        }

        Seed("while-down");
        _api.Store.Compact();
        using (var kind = Kind())
        {
            await kind.ApplyAsync(SpecSnapshot.FromYaml(Workflows), default);
            Assert.True(await Eventually.HoldsAsync(() => _bus.Events.Count == 3), string.Join(", ", _bus.Events.Select(Describe)));
            await kind.StopAsync(default);
        }

        // After the re-list every object is an ADD again; the first one keeps its id, so bus-gateway publishes it once.
        Assert.Equal(["ADD first", "ADD first", "ADD while-down"], _bus.Events.Select(Describe));
        Assert.Equal(_bus.Events.ElementAt(0).Id, _bus.Events.ElementAt(1).Id);
        Assert.Equal(2, _api.Requests.Count(r => r.Verb == "list"));
    }

    [Fact]
    public async Task An_API_server_that_is_not_there_is_reported_on_health_until_it_is()
    {
        using var kind = Kind(host: "http://127.0.0.1:9");
        await kind.ApplyAsync(SpecSnapshot.FromYaml(Workflows), default);

        Assert.True(await Eventually.HoldsAsync(() => kind.Health().Status == HealthStatus.Degraded && kind.Health().Description!.Contains("cluster/flows", StringComparison.Ordinal)));
        await kind.StopAsync(default);
    }

    private KubeResourceType WorkflowType => _api.Type("argoproj.io/v1alpha1", "Workflow");

    private void Seed(string name, string app = "mine", string ns = "argo") =>
        _api.Seed(ns, JsonNode.Parse($$$"""{"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow","metadata":{"name":"{{{name}}}","labels":{"app":"{{{app}}}"}},"spec":{"n":1}}""")!.AsObject());

    private static string Describe(EventEnvelope e) =>
        $"{e.Data!.Value.GetProperty("type").GetString()} {e.Data!.Value.GetProperty("body").GetProperty("metadata").GetProperty("name").GetString()}";

    private ResourceSource Kind(string? host = null)
    {
        var telemetry = new IngressTelemetry(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
        var services = new EdgeServices(_bus, new EventFactory(TimeProvider.System), new EventSourceFilterGate(telemetry, NullLogger<EventSourceFilterGate>.Instance),
            telemetry, TimeProvider.System, Options.Create(new IngressOptions()), NullLogger<EdgeServices>.Instance);
        var connection = new KubernetesConnection(Options.Create(new KubernetesOptions { Host = host ?? _api.BaseUrl, RequestTimeoutSeconds = 5 }));
        return new ResourceSource(services, new ResourceWatchClient(connection), _versions, TimeProvider.System, NullLogger<ResourceSource>.Instance);
    }

    private sealed class Ingestor : IEventIngestor
    {
        public ConcurrentQueue<EventEnvelope> Events { get; } = new();

        public Task IngestAsync(EventEnvelope @event, CancellationToken cancellationToken)
        {
            Events.Enqueue(@event);
            return Task.CompletedTask;
        }
    }
}
