using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microservices.Events.Cli;
using Microservices.Events.Testing.Kubernetes;
using Microservices.Events.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Microservices.Events.Tests.EndToEnd;

/// <summary>
/// The four services in one process reading their specs from EventSource and Sensor custom resources on the
/// Kubernetes API double: a webhook EventSource and a Sensor applied as resources run, a change of the Sensor's filter
/// changes what fires, an invalid Sensor beside them is refused in its status, and deleting the EventSource closes its
/// webhook.
/// </summary>
public sealed class CustomResourceSpecsEndToEndTests : IAsyncLifetime
{
    private KubernetesApiDouble _api = null!;
    private HttpSink _sink = null!;

    public async Task InitializeAsync()
    {
        _api = await KubernetesApiDouble.StartAsync();
        _sink = await HttpSink.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _sink.DisposeAsync();
        await _api.DisposeAsync();
    }

    private static JsonObject Resource(string kind, string name, string spec) => ArgoResources.Resource(kind, name, spec);

    private static string SensorSpec(string colour, string url) => """
        {"dependencies": [{"name": "painted", "eventSourceName": "hooks", "eventName": "paint",
                           "filters": {"data": [{"path": "body.colour", "type": "string", "value": ["COLOUR"]}]}}],
         "triggers": [{"template": {"name": "relay", "http": {"url": "URL",
                       "payload": [{"src": {"dependencyName": "painted", "dataKey": "body.colour"}, "dest": "colour"}]}}}]}
        """.Replace("COLOUR", colour).Replace("URL", url);

    private Dictionary<string, JsonObject> Conditions(string kind, string name) => _api.Conditions(kind, name);

    [Fact]
    public async Task Webhook_eventsource_and_sensor_applied_as_resources_run_follow_updates_and_deletes_and_get_their_status()
    {
        var port = FreePort.Next();
        _api.Seed("argo", Resource("EventSource", "hooks", """{"webhook": {"paint": {"port": "PORT", "endpoint": "/paint", "method": "POST"}}}""".Replace("PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        _api.Seed("argo", Resource("Sensor", "painter", SensorSpec("red", $"{_sink.BaseUrl}/painted")));
        using var state = new TempStateFile();
        var builder = EmbeddedHost.CreateBuilder("/specs-not-read", $"http://127.0.0.1:{FreePort.Next()}", ["--Specs:Source=Kubernetes"], stateFile: state.Path);
        builder.Configuration["Specs:Namespaces:0"] = "argo";
        builder.Configuration["Specs:ReloadDebounceMilliseconds"] = "100";
        builder.Configuration["Kubernetes:Host"] = _api.BaseUrl;
        builder.Configuration["Ingress:WebhookBindAddress"] = "127.0.0.1";
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        await using var app = EmbeddedHost.Build(builder);
        MassTransit.LogContext.Current = null!;
        await app.StartAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        async Task<HttpStatusCode?> Paint(string colour)
        {
            try
            {
                using var response = await http.PostAsync($"http://127.0.0.1:{port}/paint", new StringContent($$"""{"colour": "{{colour}}"}""", Encoding.UTF8, "application/json"));
                return response.StatusCode;
            }
            catch (HttpRequestException)
            {
                return null;
            }
        }

        int Painted(string colour) => _sink.Requests.Count(r => r.Path == "/painted" && r.Body.Contains($"\"{colour}\"", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, await Paint("red"));
        Assert.True(await Eventually.HoldsAsync(() => Painted("red") == 1, TimeSpan.FromSeconds(20)), "the sensor applied as a resource did not fire");
        Assert.True(await Eventually.HoldsAsync(() => Conditions("Sensor", "painter").Count == 3 && Conditions("EventSource", "hooks").Count == 2, TimeSpan.FromSeconds(10)), "no status was written");
        Assert.All(Conditions("Sensor", "painter").Values.Concat(Conditions("EventSource", "hooks").Values), c => Assert.Equal("True", c["status"]!.GetValue<string>()));

        var sensors = _api.Type("argoproj.io/v1alpha1", "Sensor");
        _api.Store.Patch(sensors, "argo", "painter", current =>
        {
            current["spec"] = JsonNode.Parse(SensorSpec("blue", $"{_sink.BaseUrl}/painted"));
            return current;
        });
        _api.Seed("argo", Resource("Sensor", "broken", """{"dependencies": [{"name": "d", "eventSourceName": "hooks", "eventName": "paint"}], "triggers": [{"template": {"name": "t", "http": {}}}]}"""));
        Assert.True(await Eventually.HoldsAsync(() => Conditions("Sensor", "painter").Values.All(c => c["lastTransitionTime"] is not null) && _api.Find("argoproj.io/v1alpha1", "Sensor", "argo", "painter")!["status"]!["observedGeneration"]!.GetValue<long>() == 2, TimeSpan.FromSeconds(10)), "the update was not observed");
        Assert.True(await Eventually.HoldsAsync(() => Conditions("Sensor", "broken").Count == 3, TimeSpan.FromSeconds(10)), "the invalid sensor got no status");

        Assert.Equal(HttpStatusCode.OK, await Paint("red"));
        Assert.Equal(HttpStatusCode.OK, await Paint("blue"));
        Assert.True(await Eventually.HoldsAsync(() => Painted("blue") == 1, TimeSpan.FromSeconds(20)), "the updated filter did not let blue through");
        Assert.Equal(1, Painted("red"));
        var broken = Conditions("Sensor", "broken");
        Assert.Equal("False", broken["TriggersProvided"]["status"]!.GetValue<string>());
        Assert.Contains("spec.triggers[0].template.http.url", broken["TriggersProvided"]["message"]!.GetValue<string>());
        Assert.Equal("False", broken["Deployed"]["status"]!.GetValue<string>());

        _api.Store.Delete(_api.Type("argoproj.io/v1alpha1", "EventSource"), "argo", "hooks");
        Assert.True(await Eventually.HoldsAsync(async () => await Paint("blue") is null, TimeSpan.FromSeconds(20)), "the webhook of the deleted EventSource still answers");
        await app.StopAsync();
    }
}
