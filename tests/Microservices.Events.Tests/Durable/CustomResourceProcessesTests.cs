using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microservices.Events.Testing.Kubernetes;
using Xunit.Abstractions;

namespace Microservices.Events.Tests.Durable;

/// <summary>
/// The four published services, each a process of its own on RabbitMQ and PostgreSQL, reading their specs from
/// EventSource and Sensor custom resources on the Kubernetes API double (<c>Specs__Source=Kubernetes</c>): resources
/// created while they run are picked up and fire, a changed trigger URL is followed, each resource gets the status its
/// service computes, and deleting the EventSource closes its webhook port.
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class CustomResourceProcessesTests(DurableInfrastructure infrastructure, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private KubernetesApiDouble _api = null!;
    private HttpSink _sink = null!;

    public async Task InitializeAsync()
    {
        _api = await KubernetesApiDouble.StartAsync();
        _sink = await HttpSink.StartAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _sink.DisposeAsync();
        await _api.DisposeAsync();
    }

    private static JsonObject Resource(string kind, string name, string spec) => ArgoResources.Resource(kind, name, spec);

    private static string SensorSpec(string url) => """
        {"dependencies": [{"name": "hook", "eventSourceName": "hooks", "eventName": "relay"}],
         "triggers": [{"template": {"name": "call", "http": {"url": "URL"}}}]}
        """.Replace("URL", url, StringComparison.Ordinal);

    private Dictionary<string, JsonObject> Conditions(string kind, string name) => _api.Conditions(kind, name);

    private long? ObservedGeneration(string kind, string name) =>
        _api.Find("argoproj.io/v1alpha1", kind, "argo", name)?["status"]?["observedGeneration"]?.GetValue<long>();

    [Fact]
    public async Task Resources_created_changed_and_deleted_while_the_published_services_run_are_followed_and_given_their_status()
    {
        if (!infrastructure.Available())
        {
            return;
        }

        await using var cluster = await DurableCluster.StartAsync(infrastructure, "custom-resources", new Dictionary<string, string>
        {
            ["Specs__Source"] = "Kubernetes",
            ["Specs__Directory"] = "", // the cluster's spec folder is not read: one source
            ["Specs__Namespaces__0"] = "argo",
            ["Specs__ReloadDebounceMilliseconds"] = "100",
            ["Kubernetes__Host"] = _api.BaseUrl,
        });
        var port = cluster.WebhookPort;
        _api.Seed("argo", Resource("EventSource", "hooks", """{"webhook": {"relay": {"port": "PORT", "endpoint": "/relay", "method": "POST"}}}""".Replace("PORT", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)));
        _api.Seed("argo", Resource("Sensor", "relay", SensorSpec($"{_sink.BaseUrl}/first")));

        Assert.True(await FiresAsync(port, "/first"), $"the resources created while the services ran did not fire\n{cluster.LogTails}");
        Assert.True(await Eventually.HoldsAsync(() => Conditions("EventSource", "hooks").Count == 2 && Conditions("Sensor", "relay").Count == 3, TimeSpan.FromSeconds(10)), $"no status was written\n{cluster.LogTails}");
        Assert.Equal(["Deployed", "SourcesProvided"], Conditions("EventSource", "hooks").Keys.Order());
        Assert.Equal(["DependenciesProvided", "Deployed", "TriggersProvided"], Conditions("Sensor", "relay").Keys.Order());
        Assert.All(Conditions("EventSource", "hooks").Values.Concat(Conditions("Sensor", "relay").Values), c => Assert.Equal("True", c["status"]!.GetValue<string>()));

        _api.Store.Patch(_api.Type("argoproj.io/v1alpha1", "Sensor"), "argo", "relay", current =>
        {
            current["spec"] = JsonNode.Parse(SensorSpec($"{_sink.BaseUrl}/second"));
            return current;
        });
        Assert.True(await FiresAsync(port, "/second"), $"the changed trigger URL was not followed\n{cluster.LogTails}");
        Assert.True(await Eventually.HoldsAsync(() => ObservedGeneration("Sensor", "relay") == 2, TimeSpan.FromSeconds(10)), "the status was not written for the changed Sensor");
        Assert.Equal(1, ObservedGeneration("EventSource", "hooks"));

        _api.Store.Delete(_api.Type("argoproj.io/v1alpha1", "EventSource"), "argo", "hooks");
        Assert.True(await Eventually.HoldsAsync(async () => await PostAsync(port) is null, TimeSpan.FromSeconds(20)), $"the webhook port of the deleted EventSource stays open\n{cluster.LogTails}");
        output.WriteLine($"status writes: {_api.Requests.Count(r => r is { Verb: "patch", Subresource: "status" })}, sink calls: {string.Join(", ", _sink.Requests.Select(r => r.Path))}");
    }

    /// <summary>
    /// Posts to the webhook until the trigger calls <paramref name="path"/>: each service picks a change up in its own
    /// time, so an event that came before every service had it may fire the old way or not at all.
    /// </summary>
    private async Task<bool> FiresAsync(int port, string path)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            await PostAsync(port);
            if (await Eventually.HoldsAsync(() => _sink.Requests.Any(r => r.Path == path), TimeSpan.FromSeconds(2)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The webhook's answer, or null when its port takes no connection.</summary>
    private async Task<HttpStatusCode?> PostAsync(int port)
    {
        try
        {
            using var response = await _http.PostAsync($"http://127.0.0.1:{port}/relay", new StringContent("""{"n": 1}""", Encoding.UTF8, "application/json"));
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return HttpStatusCode.RequestTimeout;
        }
    }
}
