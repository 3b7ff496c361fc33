using System.Text.Json.Nodes;
using Microservices.Events.Kubernetes.Specs;
using Microservices.Events.Specs.Sources;
using Microservices.Events.Testing;
using Microservices.Events.Testing.Kubernetes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microservices.Events.Tests.Kubernetes;

/// <summary>
/// Specs read from EventSource and Sensor custom resources on the Kubernetes API double: list then watch, changes
/// picked up, watches that end or expire resumed without losing a change, and the status each resource is given.
/// </summary>
public sealed class KubernetesSpecCatalogTests : IAsyncLifetime
{
    private readonly CollectingLoggerProvider _logs = new();
    private KubernetesApiDouble _api = null!;

    public async Task InitializeAsync() => _api = await KubernetesApiDouble.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    public static JsonObject Sensor(string name, string eventName = "example", string? url = "http://127.0.0.1:9/hook", string ns = "argo") => new()
    {
        ["apiVersion"] = "argoproj.io/v1alpha1",
        ["kind"] = "Sensor",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = JsonNode.Parse("""
            {"dependencies": [{"name": "dep", "eventSourceName": "hooks", "eventName": "EVENT"}],
             "triggers": [{"template": {"name": "call", "http": HTTP}}]}
            """.Replace("EVENT", eventName).Replace("HTTP", url is null ? "{}" : $"{{\"url\": \"{url}\"}}")),
    };

    public static JsonObject EventSource(string name, int port, string ns = "argo") => new()
    {
        ["apiVersion"] = "argoproj.io/v1alpha1",
        ["kind"] = "EventSource",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = JsonNode.Parse("""{"webhook": {"example": {"port": "PORT", "endpoint": "/example", "method": "POST"}}}""".Replace("PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture))),
    };

    private async Task<IHost> StartAsync(Action<IDictionary<string, string?>>? configure = null, params string[] statusKinds)
    {
        var builder = Host.CreateApplicationBuilder();
        var settings = new Dictionary<string, string?>
        {
            ["Specs:Source"] = "Kubernetes",
            ["Specs:ReloadDebounceMilliseconds"] = "50",
            ["Kubernetes:Host"] = _api.BaseUrl,
        };
        configure?.Invoke(settings);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddProvider(_logs);
        builder.Services.AddSpecSource();
        foreach (var kind in statusKinds)
        {
            builder.Services.AddSpecStatus(kind);
        }

        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static string[] Names(ISpecCatalog catalog) =>
        [.. catalog.Current.EventSources.Select(e => $"EventSource {e.Name}"), .. catalog.Current.Sensors.Select(s => $"Sensor {s.Name}")];

    [Fact]
    public async Task Resources_present_at_start_are_listed_and_later_creates_updates_and_deletes_are_followed()
    {
        _api.Seed("argo", Sensor("first"));
        using var host = await StartAsync();
        var catalog = host.Services.GetRequiredService<ISpecCatalog>();
        Assert.IsType<KubernetesSpecCatalog>(catalog);
        Assert.Equal(["Sensor first"], Names(catalog));

        _api.Seed("argo", EventSource("hooks", 12000));
        Assert.True(await Eventually.HoldsAsync(() => catalog.Current.EventSources.Count == 1, TimeSpan.FromSeconds(10)), "the created EventSource was not picked up");

        var type = _api.Type("argoproj.io/v1alpha1", "Sensor");
        _api.Store.Patch(type, "argo", "first", current => MergePatchOf(current, """{"spec":{"dependencies":[{"name":"dep","eventSourceName":"hooks","eventName":"other"}]}}"""));
        Assert.True(await Eventually.HoldsAsync(() => catalog.Current.Sensors.Single().Spec.Dependencies![0].EventName == "other", TimeSpan.FromSeconds(10)), "the update was not picked up");

        _api.Store.Delete(type, "argo", "first");
        Assert.True(await Eventually.HoldsAsync(() => catalog.Current.Sensors.Count == 0, TimeSpan.FromSeconds(10)), "the delete was not picked up");
        Assert.Equal(["EventSource hooks"], Names(catalog));
        Assert.Equal(["eventsources/argo/hooks"], catalog.Current.Files.Select(f => f.Path));
        await host.StopAsync();
    }

    [Fact]
    public async Task A_status_only_change_publishes_no_new_specs()
    {
        _api.Seed("argo", Sensor("first"));
        using var host = await StartAsync();
        var catalog = host.Services.GetRequiredService<ISpecCatalog>();
        var version = catalog.Current.Version;

        var type = _api.Type("argoproj.io/v1alpha1", "Sensor");
        _api.Store.Patch(type, "argo", "first", current => MergePatchOf(current, """{"status":{"conditions":[{"type":"Deployed","status":"True"}]}}"""), statusOnly: true);
        _api.Store.Patch(type, "argo", "first", current => MergePatchOf(current, """{"metadata":{"labels":{"seen":"yes"}}}"""));

        Assert.True(await Eventually.HoldsAsync(() => catalog.Current.Sensors.Single().Metadata.Labels?.ContainsKey("seen") == true, TimeSpan.FromSeconds(10)));
        Assert.Equal(version + 1, catalog.Current.Version);
        await host.StopAsync();
    }

    [Fact]
    public async Task An_invalid_resource_is_left_out_and_the_valid_one_beside_it_runs()
    {
        _api.Seed("argo", Sensor("good"));
        _api.Seed("argo", Sensor("bad", url: null));
        using var host = await StartAsync();
        var catalog = host.Services.GetRequiredService<ISpecCatalog>();

        Assert.Equal(["Sensor good"], Names(catalog));
        var bad = catalog.Current.Files.Single(f => f.Path == "sensors/argo/bad");
        Assert.Contains(bad.AllDiagnostics, d => d.Path == "spec.triggers[0].template.http.url");
        await host.StopAsync();
    }

    [Fact]
    public async Task Only_the_configured_namespaces_and_label_selector_are_read()
    {
        _api.Seed("argo", Sensor("in-argo"));
        _api.Seed("team", Sensor("in-team", ns: "team"));
        _api.Seed("other", Sensor("in-other", ns: "other"));
        var labelled = Sensor("labelled-team", ns: "team");
        labelled["metadata"]!["labels"] = new JsonObject { ["runner"] = "microservices" };
        _api.Seed("team", labelled);
        using var both = await StartAsync(s => { s["Specs:Namespaces:0"] = "argo"; s["Specs:Namespaces:1"] = "team"; });
        using var selected = await StartAsync(s => s["Specs:LabelSelector"] = "runner=microservices");

        Assert.Equal(["Sensor in-argo", "Sensor in-team", "Sensor labelled-team"], Names(both.Services.GetRequiredService<ISpecCatalog>()).Order());
        Assert.Equal(["Sensor labelled-team"], Names(selected.Services.GetRequiredService<ISpecCatalog>()));
        Assert.Contains(_api.Requests, r => r is { Verb: "watch", Namespace: "team" });
        Assert.DoesNotContain(_api.Requests, r => r is { Verb: "list" or "watch", Namespace: "other" });
        await both.StopAsync();
        await selected.StopAsync();
    }

    [Fact]
    public async Task A_watch_that_ends_resumes_from_the_version_reached_and_misses_no_change()
    {
        using var host = await StartAsync(s => s["Specs:WatchTimeoutSeconds"] = "1");
        var catalog = host.Services.GetRequiredService<ISpecCatalog>();
        var lists = _api.Requests.Count(r => r.Verb == "list");

        for (var i = 0; i < 3; i++)
        {
            _api.EndWatches();
            _api.Seed("argo", Sensor($"s{i}"));
            await Task.Delay(1200);
        }

        Assert.True(await Eventually.HoldsAsync(() => catalog.Current.Sensors.Count == 3, TimeSpan.FromSeconds(10)), "a change made while the watch was closed was lost");
        Assert.Equal(lists, _api.Requests.Count(r => r.Verb == "list"));
        Assert.True(_api.Requests.Count(r => r.Verb == "watch") >= 6, "the watches were not opened again");
        await host.StopAsync();
    }

    [Fact]
    public async Task A_watch_that_ends_after_a_bookmark_resumes_from_the_bookmark_without_listing_again()
    {
        _api.BookmarkInterval = TimeSpan.FromMilliseconds(100);
        _api.Seed("argo", Sensor("first"));
        using var host = await StartAsync();
        var catalog = host.Services.GetRequiredService<ISpecCatalog>();
        var lists = _api.Requests.Count(r => r.Verb == "list");

        // Changes of a kind the catalog does not watch move the server's resourceVersion on; only bookmarks tell the watches.
        for (var i = 0; i < 3; i++)
        {
            _api.Seed("argo", new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = $"unrelated-{i}" } });
        }

        var version = _api.Store.ResourceVersion;
        var bookmarked = version.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // Both watches (EventSources, Sensors) have been sent several bookmarks at that version, so each has read one.
        Assert.True(
            await Eventually.HoldsAsync(() => _api.Bookmarks.Where(b => b.ResourceVersion >= version).GroupBy(b => b.Kind).Count(g => g.Count() >= 3) == 2, TimeSpan.FromSeconds(15)),
            $"bookmarks sent: {string.Join(", ", _api.Bookmarks)}");
        _api.Store.Compact(); // a watch from the list's resourceVersion would now be 410 Gone
        var watches = _api.Requests.Count(r => r.Verb == "watch");
        _api.EndWatches();
        _api.Seed("argo", Sensor("after"));

        Assert.True(await Eventually.HoldsAsync(() => catalog.Current.Sensors.Count == 2, TimeSpan.FromSeconds(10)), "the change after the resumed watch was not picked up");
        var reopened = _api.Requests.Where(r => r.Verb == "watch").Skip(watches).ToList();
        Assert.Equal(2, reopened.Count);
        Assert.All(reopened, r => Assert.Equal(bookmarked, r.ResourceVersion));
        Assert.Equal(lists, _api.Requests.Count(r => r.Verb == "list"));
        await host.StopAsync();
    }

    [Fact]
    public async Task An_object_that_cannot_be_applied_is_logged_and_left_out_and_the_list_and_watch_go_on_past_it()
    {
        // A name that is not a string: no real server sends it, but no single object may stop the others.
        _api.AlterServed = o =>
        {
            if (o["metadata"]?["name"]?.GetValue<string>() is { } name && name.EndsWith("-malformed", StringComparison.Ordinal))
            {
                o["metadata"]!["name"] = 42;
            }
        };
        _api.Seed("argo", Sensor("listed-malformed"));
        _api.Seed("argo", Sensor("listed"));
        using var host = await StartAsync();
        var catalog = host.Services.GetRequiredService<ISpecCatalog>();
        Assert.Equal(["Sensor listed"], Names(catalog));

        _api.Seed("argo", Sensor("watched-malformed"));
        _api.Seed("argo", Sensor("watched"));

        Assert.True(await Eventually.HoldsAsync(() => catalog.Current.Sensors.Count == 2, TimeSpan.FromSeconds(10)), "the change after the malformed object was not picked up");
        Assert.Equal(["Sensor listed", "Sensor watched"], Names(catalog).Order());
        Assert.Equal(2, _api.Requests.Count(r => r.Verb == "list"));
        Assert.Equal(2, _api.Requests.Count(r => r.Verb == "watch"));
        Assert.Equal(2, _logs.Lines.Count(l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("A Sensor (namespace \"argo\", name 42,", StringComparison.Ordinal) && l.Contains("cannot be applied and is left out", StringComparison.Ordinal)));
        await host.StopAsync();
    }

    [Fact]
    public async Task A_watch_too_old_for_the_server_lists_again_and_sees_what_changed_meanwhile()
    {
        _api.Seed("argo", Sensor("kept"));
        _api.Seed("argo", Sensor("deleted-while-away"));
        using var host = await StartAsync();
        var catalog = host.Services.GetRequiredService<ISpecCatalog>();
        Assert.Equal(2, catalog.Current.Sensors.Count);

        var type = _api.Type("argoproj.io/v1alpha1", "Sensor");
        _api.Intercept = r =>
        {
            if (r.Verb == "watch")
            {
                throw new KubeApiException(503, "ServiceUnavailable", "the server is shutting down");
            }
        };
        _api.EndWatches();
        _api.Store.Delete(type, "argo", "deleted-while-away");
        _api.Seed("argo", Sensor("created-while-away"));
        _api.Store.Compact();
        _api.Intercept = null;

        Assert.True(await Eventually.HoldsAsync(() => Names(catalog).Order().SequenceEqual(["Sensor created-while-away", "Sensor kept"]), TimeSpan.FromSeconds(20)), string.Join(", ", Names(catalog)));
        Assert.True(_api.Requests.Count(r => r is { Verb: "list", Type.Plural: "sensors" }) >= 2, "the sensors were not listed again");
        await host.StopAsync();
    }

    [Fact]
    public async Task Readiness_waits_for_the_first_list_and_a_watch_failing_later_keeps_the_specs_in_force()
    {
        _api.Seed("argo", Sensor("first"));
        _api.Intercept = r =>
        {
            if (r.Verb == "list")
            {
                throw KubeApiException.Forbidden("list", r.Type, r.Namespace);
            }
        };
        using var host = await StartAsync();
        var health = host.Services.GetRequiredService<HealthCheckService>();
        var catalog = host.Services.GetRequiredService<ISpecCatalog>();
        async Task<HealthReportEntry> SpecSource() => (await health.CheckHealthAsync()).Entries["spec-source"];

        var refused = await SpecSource();
        _api.Intercept = null;
        Assert.True(await Eventually.HoldsAsync(async () => (await SpecSource()).Status == HealthStatus.Healthy, TimeSpan.FromSeconds(15)), "the list was not retried");
        Assert.True(await Eventually.HoldsAsync(() => catalog.Current.Sensors.Count == 1, TimeSpan.FromSeconds(10)), "the listed sensor was not published");
        _api.Intercept = r =>
        {
            if (r.Verb == "watch")
            {
                throw new KubeApiException(503, "ServiceUnavailable", "the server is shutting down");
            }
        };
        _api.EndWatches();
        Assert.True(await Eventually.HoldsAsync(async () => (await SpecSource()).Description!.Contains("cannot watch", StringComparison.Ordinal), TimeSpan.FromSeconds(10)));
        var away = await SpecSource();
        _api.Intercept = null;

        Assert.Equal(HealthStatus.Degraded, refused.Status);
        Assert.Contains("403", refused.Description);
        Assert.Equal(HealthStatus.Healthy, away.Status);
        Assert.Equal(["Sensor first"], Names(catalog));
        await host.StopAsync();
    }

    [Fact]
    public async Task Each_resource_gets_argo_conditions_written_once_per_change_without_a_write_loop()
    {
        _api.Seed("argo", EventSource("hooks", 12000));
        _api.Seed("argo", Sensor("good"));
        _api.Seed("argo", Sensor("bad", url: null));
        using var host = await StartAsync(null, "EventSource", "Sensor");
        int StatusWrites() => _api.Requests.Count(r => r is { Verb: "patch", Subresource: "status" });

        Assert.True(await Eventually.HoldsAsync(() => StatusWrites() == 3, TimeSpan.FromSeconds(10)), $"{StatusWrites()} status writes");
        await Task.Delay(1500);
        Assert.Equal(3, StatusWrites());
        var bad = Conditions("Sensor", "bad");
        Assert.Equal("False", bad["TriggersProvided"]["status"]!.GetValue<string>());
        Assert.Equal("InvalidTriggers", bad["TriggersProvided"]["reason"]!.GetValue<string>());
        Assert.Contains("spec.triggers[0].template.http.url", bad["TriggersProvided"]["message"]!.GetValue<string>());
        Assert.Equal("False", bad["Deployed"]["status"]!.GetValue<string>());
        Assert.Equal("True", bad["DependenciesProvided"]["status"]!.GetValue<string>());
        Assert.All(Conditions("Sensor", "good").Values, c => Assert.Equal("True", c["status"]!.GetValue<string>()));
        Assert.Equal(["Deployed", "SourcesProvided"], Conditions("EventSource", "hooks").Keys.Order());
        var deployedAt = bad["Deployed"]["lastTransitionTime"]!.GetValue<string>();

        var type = _api.Type("argoproj.io/v1alpha1", "Sensor");
        _api.Store.Patch(type, "argo", "bad", current => MergePatchOf(current, """{"spec":{"triggers":[{"template":{"name":"call","http":{"url":"http://127.0.0.1:9/x"}}}]}}"""));
        Assert.True(await Eventually.HoldsAsync(() => StatusWrites() == 4, TimeSpan.FromSeconds(10)), $"{StatusWrites()} status writes");
        await Task.Delay(1500);

        Assert.Equal(4, StatusWrites());
        var fixedSensor = _api.Find("argoproj.io/v1alpha1", "Sensor", "argo", "bad")!;
        Assert.All(Conditions("Sensor", "bad").Values, c => Assert.Equal("True", c["status"]!.GetValue<string>()));
        Assert.Equal(2, fixedSensor["status"]!["observedGeneration"]!.GetValue<long>());
        Assert.Equal(deployedAt, Conditions("Sensor", "good")["Deployed"]["lastTransitionTime"]!.GetValue<string>());
        await host.StopAsync();
    }

    [Fact]
    public async Task Two_sensors_of_one_name_in_two_namespaces_run_once_and_the_other_is_told_why()
    {
        _api.Seed("argo", Sensor("twin"));
        _api.Seed("team", Sensor("twin", eventName: "other", ns: "team"));
        using var host = await StartAsync(null, "Sensor");
        var catalog = host.Services.GetRequiredService<ISpecCatalog>();
        Dictionary<string, JsonObject> TeamConditions() =>
            (_api.Find("argoproj.io/v1alpha1", "Sensor", "team", "twin")?["status"]?["conditions"] as JsonArray ?? [])
            .OfType<JsonObject>().ToDictionary(c => c["type"]!.GetValue<string>());

        Assert.True(await Eventually.HoldsAsync(() => TeamConditions().Count == 3 && Conditions("Sensor", "twin").Count == 3, TimeSpan.FromSeconds(10)));

        Assert.Equal("example", catalog.Current.Sensors.Single().Spec.Dependencies![0].EventName);
        Assert.Equal("True", Conditions("Sensor", "twin")["Deployed"]["status"]!.GetValue<string>());
        Assert.Equal("DuplicateName", TeamConditions()["Deployed"]["reason"]!.GetValue<string>());
        Assert.Contains("sensors/team/twin", TeamConditions()["Deployed"]["message"]!.GetValue<string>());
        await host.StopAsync();
    }

    [Fact]
    public async Task Two_replicas_writing_status_agree_and_stop_writing()
    {
        _api.Seed("argo", Sensor("good"));
        _api.Seed("argo", Sensor("bad", url: null));
        using var first = await StartAsync(null, "Sensor");
        using var second = await StartAsync(null, "Sensor");
        int StatusWrites() => _api.Requests.Count(r => r is { Verb: "patch", Subresource: "status" });

        Assert.True(await Eventually.HoldsAsync(() => Conditions("Sensor", "bad").Count == 3 && Conditions("Sensor", "good").Count == 3, TimeSpan.FromSeconds(10)));
        await Task.Delay(1000);
        var settled = StatusWrites();
        await Task.Delay(1500);

        Assert.Equal(settled, StatusWrites());
        Assert.InRange(settled, 2, 4);
        await first.StopAsync();
        await second.StopAsync();
    }

    private Dictionary<string, JsonObject> Conditions(string kind, string name) =>
        (_api.Find("argoproj.io/v1alpha1", kind, "argo", name)?["status"]?["conditions"] as JsonArray ?? [])
        .OfType<JsonObject>().ToDictionary(c => c["type"]!.GetValue<string>());

    private static JsonNode? MergePatchOf(JsonObject current, string patch) => MergePatch.Apply(current, JsonNode.Parse(patch)!);
}
