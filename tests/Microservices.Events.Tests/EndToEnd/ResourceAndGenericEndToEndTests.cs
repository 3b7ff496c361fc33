using System.Text;
using System.Text.Json.Nodes;
using Microservices.Events.Cli;
using Microservices.Events.Testing.Kubernetes;
using Microservices.Events.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Microservices.Events.Tests.EndToEnd;

/// <summary>
/// The <c>resource</c> and <c>generic</c> sources through the four embedded services: objects created, changed and
/// deleted in the Kubernetes API double, and events streamed by a generic event-source gRPC server, fire an HTTP trigger.
/// </summary>
public sealed class ResourceAndGenericEndToEndTests : IAsyncLifetime
{
    private HttpSink _sink = null!;
    private KubernetesApiDouble _api = null!;
    private GenericEventSourceServer _generic = null!;

    public async Task InitializeAsync()
    {
        _sink = await HttpSink.StartAsync();
        _api = await KubernetesApiDouble.StartAsync();
        _generic = await GenericEventSourceServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _generic.DisposeAsync();
        await _api.DisposeAsync();
        await _sink.DisposeAsync();
    }

    private string EventSources() => $$$"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: cluster}
        spec:
          resource:
            jobs:
              namespace: work
              group: batch
              version: v1
              resource: jobs
              eventTypes: [ADD, DELETE]
              filter:
                prefix: nightly-
                labels: [{key: team, value: data}]
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata: {name: streamed}
        spec:
          generic:
            feed:
              url: "{{{_generic.Url}}}"
              insecure: true
              jsonBody: true
              config: "topic: orders"
        """;

    private string Sensor() => TestManifests.Sensor("watcher",
        [new("job", "cluster", "jobs"), new("order", "streamed", "feed")],
        new TestManifests.HttpTrigger("on-job", "job", $"{_sink.BaseUrl}/job", [new("job", "type", "type"), new("job", "body.metadata.name", "name")]),
        new TestManifests.HttpTrigger("on-order", "order", $"{_sink.BaseUrl}/order", [new("order", "body.id", "id")]));

    [Fact]
    public async Task Kubernetes_object_changes_and_streamed_generic_events_fire_their_triggers()
    {
        using var specs = new TempSpecs(("sources.yaml", EventSources()), ("sensor.yaml", Sensor()));
        using var state = new TempStateFile();
        var builder = EmbeddedHost.CreateBuilder(specs.Directory, "http://localhost:5000", stateFile: state.Path);
        builder.Configuration["Kubernetes:Host"] = _api.BaseUrl;
        builder.WebHost.UseTestServer();
        await using var app = EmbeddedHost.Build(builder);
        MassTransit.LogContext.Current = null!;
        await app.StartAsync();
        var jobs = _api.Type("batch/v1", "Job");
        Assert.True(await Eventually.HoldsAsync(() => _api.Requests.Any(r => r.Verb == "watch") && _generic.Starts.Count > 0, TimeSpan.FromSeconds(30)), "the sources did not start");

        foreach (var (name, team) in new[] { ("nightly-1", "data"), ("hourly-1", "data"), ("nightly-2", "web") })
        {
            _api.Seed("work", new JsonObject { ["apiVersion"] = "batch/v1", ["kind"] = "Job", ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["team"] = team } } });
        }

        _api.Store.Patch(jobs, "work", "nightly-1", o => { o["spec"] = new JsonObject { ["parallelism"] = 2 }; return o; });
        _api.Store.Delete(jobs, "work", "nightly-1");
        await _generic.SendAsync(Encoding.UTF8.GetBytes("""{"id":"o-1"}"""));
        await _generic.SendAsync(Encoding.UTF8.GetBytes("""{"id":"o-2"}"""));

        Assert.True(await Eventually.HoldsAsync(() => Calls("/job").Count == 2 && Calls("/order").Count == 2, TimeSpan.FromSeconds(30)),
            string.Join(", ", _sink.Requests.Select(r => $"{r.Path} {r.Body}")));
        await Task.Delay(500);
        // Events fire independently, so the sink may see them in any order.
        Assert.Equal(["ADD nightly-1", "DELETE nightly-1"], Calls("/job").Select(c => $"{c["type"]} {c["name"]}").Order());
        Assert.Equal(["o-1", "o-2"], Calls("/order").Select(c => c["id"]!.GetValue<string>()).Order());
        Assert.Equal(("feed", "topic: orders"), (_generic.Starts.First().Name, _generic.Starts.First().Config));
        await app.StopAsync();
    }

    private List<JsonNode> Calls(string path) => _sink.Requests.Where(r => r.Path == path).Select(r => JsonNode.Parse(r.Body)!).ToList();
}
