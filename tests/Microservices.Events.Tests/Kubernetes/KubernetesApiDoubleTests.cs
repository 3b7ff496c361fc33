using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microservices.Events.Testing;
using Microservices.Events.Testing.Kubernetes;

namespace Microservices.Events.Tests.Kubernetes;

/// <summary>The Kubernetes API double as KubernetesClient sees it: discovery, CRUD, patches, concurrency, selectors, watch.</summary>
public sealed class KubernetesApiDoubleTests : IAsyncLifetime
{
    private KubernetesApiDouble _api = null!;
    private k8s.Kubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _api = await KubernetesApiDouble.StartAsync();
        _client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = _api.BaseUrl });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task Discovery_lists_core_batch_apps_and_argo_resources()
    {
        var core = await _client.CoreV1.GetAPIResourcesAsync();
        var groups = await _client.Apis.GetAPIVersionsAsync();
        var batch = await _client.BatchV1.GetAPIResourcesAsync();
        var versions = await _client.Core.GetAPIVersionsAsync();

        Assert.Contains(core.Resources, r => r.Name == "pods" && r.Kind == "Pod" && r.Namespaced);
        Assert.Contains(core.Resources, r => r.Name == "pods/status");
        Assert.Contains(core.Resources, r => r.Name == "configmaps" && r.Kind == "ConfigMap");
        Assert.Contains(core.Resources, r => r.Name == "namespaces" && !r.Namespaced);
        Assert.Contains(batch.Resources, r => r.Name == "jobs" && r.Kind == "Job");
        Assert.Equal(["v1"], versions.Versions);
        var argo = Assert.Single(groups.Groups, g => g.Name == "argoproj.io");
        Assert.Equal("argoproj.io/v1alpha1", argo.PreferredVersion.GroupVersion);
        Assert.Contains(groups.Groups, g => g.Name == "apps");
    }

    [Fact]
    public async Task A_registered_kind_is_discoverable_and_served()
    {
        _api.Register(new KubeResourceType("example.com", "v1", "Widget", "widgets"));
        using var http = new HttpClient();

        var list = JsonNode.Parse(await http.GetStringAsync($"{_api.BaseUrl}/apis/example.com/v1"))!;
        var created = await _client.CustomObjects.CreateNamespacedCustomObjectAsync(
            new { apiVersion = "example.com/v1", kind = "Widget", metadata = new { name = "w" }, spec = new { size = 3 } }, "example.com", "v1", "default", "widgets");

        Assert.Equal("Widget", list["resources"]![0]!["kind"]!.GetValue<string>());
        Assert.Equal(3, ((JsonElement)created).GetProperty("spec").GetProperty("size").GetInt32());
        Assert.NotNull(_api.Find("example.com/v1", "Widget", "default", "w"));
    }

    [Fact]
    public async Task Create_get_replace_and_delete_follow_resource_versions()
    {
        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm" }, Data = new Dictionary<string, string> { ["a"] = "1" } }, "team");
        var read = await _client.CoreV1.ReadNamespacedConfigMapAsync("cm", "team");
        read.Data["a"] = "2";
        var replaced = await _client.CoreV1.ReplaceNamespacedConfigMapAsync(read, "cm", "team");
        var deleted = await _client.CoreV1.DeleteNamespacedConfigMapAsync("cm", "team");
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReadNamespacedConfigMapAsync("cm", "team"));

        Assert.Equal("team", created.Metadata.NamespaceProperty);
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.Equal(created.Metadata.ResourceVersion, read.Metadata.ResourceVersion);
        Assert.True(long.Parse(replaced.Metadata.ResourceVersion) > long.Parse(created.Metadata.ResourceVersion));
        Assert.Equal("2", replaced.Data["a"]);
        Assert.Equal(created.Metadata.Uid, replaced.Metadata.Uid);
        Assert.Equal(HttpStatusCode.OK, deleted is null ? HttpStatusCode.InternalServerError : HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
        Assert.Equal("NotFound", Status(missing)["reason"]!.GetValue<string>());
        Assert.Equal("configmaps \"cm\" not found", Status(missing)["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_stale_resource_version_is_a_409_conflict_and_a_second_create_already_exists()
    {
        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm" } }, "default");
        await _client.CoreV1.ReplaceNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm", ResourceVersion = created.Metadata.ResourceVersion }, Data = new Dictionary<string, string> { ["x"] = "1" } }, "cm", "default");

        var stale = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReplaceNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm", ResourceVersion = created.Metadata.ResourceVersion } }, "cm", "default"));
        var again = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm" } }, "default"));
        var stalePatch = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch($$$"""{"metadata":{"resourceVersion":"{{{created.Metadata.ResourceVersion}}}"},"data":{"y":"2"}}""", V1Patch.PatchType.MergePatch), "cm", "default"));

        Assert.Equal(HttpStatusCode.Conflict, stale.Response.StatusCode);
        Assert.Equal("Conflict", Status(stale)["reason"]!.GetValue<string>());
        Assert.Contains("the object has been modified", Status(stale)["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, again.Response.StatusCode);
        Assert.Equal("AlreadyExists", Status(again)["reason"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, stalePatch.Response.StatusCode);
        Assert.Equal("1", (await _client.CoreV1.ReadNamespacedConfigMapAsync("cm", "default")).Data["x"]);
    }

    [Fact]
    public async Task GenerateName_gets_a_random_suffix_and_no_name_at_all_is_422()
    {
        var first = await _client.CoreV1.CreateNamespacedPodAsync(new V1Pod { Metadata = new V1ObjectMeta { GenerateName = "hello-" } }, "default");
        var second = await _client.CoreV1.CreateNamespacedPodAsync(new V1Pod { Metadata = new V1ObjectMeta { GenerateName = "hello-" } }, "default");
        var unnamed = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.CreateNamespacedPodAsync(new V1Pod { Metadata = new V1ObjectMeta() }, "default"));

        Assert.Matches("^hello-[a-z0-9]{5}$", first.Metadata.Name);
        Assert.NotEqual(first.Metadata.Name, second.Metadata.Name);
        Assert.Equal((HttpStatusCode)422, unnamed.Response.StatusCode);
        Assert.Contains("metadata.name: Required value", Status(unnamed)["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Merge_strategic_and_json_patches_change_the_object_as_their_content_type_says()
    {
        await _client.AppsV1.CreateNamespacedDeploymentAsync(new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "web", Labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" } },
            Spec = new V1DeploymentSpec
            {
                Replicas = 1,
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                Template = new V1PodTemplateSpec { Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "nginx:1" }, new V1Container { Name = "side", Image = "envoy:1" }] } },
            },
        }, "default");

        var merged = await _client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("""{"metadata":{"labels":{"tier":null,"v":"2"}},"spec":{"replicas":3}}""", V1Patch.PatchType.MergePatch), "web", "default");
        var strategic = await _client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"main","image":"nginx:2"}]}}}}""", V1Patch.PatchType.StrategicMergePatch), "web", "default");
        var json = await _client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("""[{"op":"replace","path":"/spec/replicas","value":5},{"op":"add","path":"/metadata/labels/added","value":"yes"},{"op":"remove","path":"/spec/template/spec/containers/1"}]""", V1Patch.PatchType.JsonPatch), "web", "default");
        var mergeReplacesLists = await _client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"only","image":"busybox"}]}}}}""", V1Patch.PatchType.MergePatch), "web", "default");
        var failedTest = await Assert.ThrowsAsync<HttpOperationException>(() => _client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("""[{"op":"test","path":"/spec/replicas","value":1}]""", V1Patch.PatchType.JsonPatch), "web", "default"));

        Assert.Equal(3, merged.Spec.Replicas);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "web", ["v"] = "2" }, merged.Metadata.Labels);
        Assert.Equal(["main:nginx:2", "side:envoy:1"], strategic.Spec.Template.Spec.Containers.Select(c => $"{c.Name}:{c.Image}"));
        Assert.Equal(5, json.Spec.Replicas);
        Assert.Equal("yes", json.Metadata.Labels["added"]);
        Assert.Equal(["main"], json.Spec.Template.Spec.Containers.Select(c => c.Name));
        Assert.Equal(["only"], mergeReplacesLists.Spec.Template.Spec.Containers.Select(c => c.Name));
        Assert.Equal((HttpStatusCode)422, failedTest.Response.StatusCode);
        Assert.True(mergeReplacesLists.Metadata.Generation > merged.Metadata.Generation);
    }

    [Fact]
    public async Task Label_selectors_filter_lists()
    {
        foreach (var (name, env) in new[] { ("a", "prod"), ("b", "dev"), ("c", "prod") })
        {
            await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["env"] = env } } }, "default");
        }

        await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "other-ns", Labels = new Dictionary<string, string> { ["env"] = "prod" } } }, "other");

        Assert.Equal(["a", "c"], (await _client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: "env=prod")).Items.Select(i => i.Metadata.Name));
        Assert.Equal(["b"], (await _client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: "env!=prod")).Items.Select(i => i.Metadata.Name));
        Assert.Equal(["a", "b", "c"], (await _client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: "env in (prod, dev)")).Items.Select(i => i.Metadata.Name));
        Assert.Empty((await _client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: "!env")).Items);
        Assert.Equal(["a", "c", "other-ns"], (await _client.CoreV1.ListConfigMapForAllNamespacesAsync(labelSelector: "env notin (dev)")).Items.Select(i => i.Metadata.Name));
        var bad = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: "env in prod"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.Response.StatusCode);
    }

    [Fact]
    public async Task Field_selectors_on_name_and_namespace_and_numeric_label_comparisons_filter_lists_and_watches()
    {
        foreach (var (name, ns, rank) in new[] { ("a", "default", "1"), ("b", "default", "5"), ("a", "other", "9") })
        {
            await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["rank"] = rank } } }, ns);
        }

        var start = _api.Store.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var watched = Task.Run(async () => await _client.CoreV1.WatchListConfigMapForAllNamespacesAsync(resourceVersion: start, fieldSelector: "metadata.namespace=other", cancellationToken: stop.Token).FirstAsync(stop.Token));
        await Task.Delay(300);
        await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c" } }, "default");
        await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "d" } }, "other");

        Assert.Equal(["a/default"], (await _client.CoreV1.ListConfigMapForAllNamespacesAsync(fieldSelector: "metadata.name=a,metadata.namespace!=other")).Items.Select(i => $"{i.Metadata.Name}/{i.Metadata.NamespaceProperty}"));
        Assert.Equal(["b", "a"], (await _client.CoreV1.ListConfigMapForAllNamespacesAsync(labelSelector: "rank>2")).Items.Select(i => i.Metadata.Name));
        Assert.Equal(["a"], (await _client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: "rank<2")).Items.Select(i => i.Metadata.Name));
        Assert.Equal("d", (await watched).Item2.Metadata.Name);
        var bad = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ListNamespacedConfigMapAsync("default", fieldSelector: "data.k=v"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.Response.StatusCode);
    }

    [Fact]
    public async Task Custom_objects_keep_status_to_the_status_subresource()
    {
        var sensor = new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1",
            ["kind"] = "Sensor",
            ["metadata"] = new JsonObject { ["generateName"] = "hello-" },
            ["spec"] = new JsonObject { ["entrypoint"] = "main" },
            ["status"] = new JsonObject { ["phase"] = "Ignored" },
        };
        var created = Node(await _client.CustomObjects.CreateNamespacedCustomObjectAsync(sensor, "argoproj.io", "v1alpha1", "argo", "sensors"));
        var name = created["metadata"]!["name"]!.GetValue<string>();
        var withStatus = Node(await _client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(new V1Patch("""{"status":{"phase":"Running"}}""", V1Patch.PatchType.MergePatch), "argoproj.io", "v1alpha1", "argo", "sensors", name));
        var mainPatch = Node(await _client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch("""{"spec":{"suspend":true},"status":{"phase":"Hacked"}}""", V1Patch.PatchType.MergePatch), "argoproj.io", "v1alpha1", "argo", "sensors", name));
        var template = Node(await _client.CustomObjects.CreateClusterCustomObjectAsync(new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1", ["kind"] = "ClusterWorkflowTemplate", ["metadata"] = new JsonObject { ["name"] = "shared" }, ["spec"] = new JsonObject(),
        }, "argoproj.io", "v1alpha1", "clusterworkflowtemplates"));

        Assert.Null(created["status"]);
        Assert.Equal("Running", withStatus["status"]!["phase"]!.GetValue<string>());
        Assert.Equal("Running", mainPatch["status"]!["phase"]!.GetValue<string>());
        Assert.True(mainPatch["spec"]!["suspend"]!.GetValue<bool>());
        Assert.Equal(2, mainPatch["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal(1, withStatus["metadata"]!["generation"]!.GetValue<long>());
        Assert.Null(template["metadata"]!["namespace"]);
        Assert.NotNull(_api.Find("argoproj.io/v1alpha1", "ClusterWorkflowTemplate", null, "shared"));
    }

    [Fact]
    public async Task Watch_from_a_resource_version_sends_later_changes_and_bookmarks()
    {
        _api.BookmarkInterval = TimeSpan.FromMilliseconds(200);
        var before = await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "before", Labels = new Dictionary<string, string> { ["watch"] = "me" } } }, "default");
        var seen = new List<(WatchEventType Type, string Name)>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var reading = Task.Run(async () =>
        {
            await foreach (var (type, item) in _client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: before.Metadata.ResourceVersion, allowWatchBookmarks: true, labelSelector: "watch=me", cancellationToken: stop.Token))
            {
                lock (seen)
                {
                    seen.Add((type, item.Metadata.Name ?? ""));
                }

                if (type == WatchEventType.Deleted)
                {
                    break;
                }
            }
        });

        await Task.Delay(300);
        await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "ignored" } }, "default");
        await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "new", Labels = new Dictionary<string, string> { ["watch"] = "me" } } }, "default");
        await _client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"k":"v"}}""", V1Patch.PatchType.MergePatch), "new", "default");
        await Task.Delay(500);
        await _client.CoreV1.DeleteNamespacedConfigMapAsync("new", "default");
        await reading.WaitAsync(stop.Token);

        var kinds = seen.Where(s => s.Type != WatchEventType.Bookmark).ToList();
        Assert.Equal([(WatchEventType.Added, "new"), (WatchEventType.Modified, "new"), (WatchEventType.Deleted, "new")], kinds);
        Assert.Contains(seen, s => s.Type == WatchEventType.Bookmark);
    }

    [Fact]
    public async Task Watch_without_a_resource_version_starts_with_the_current_objects_and_a_compacted_one_is_gone()
    {
        var old = await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "existing" } }, "default");
        _api.Store.Compact();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var first = await _client.CoreV1.WatchListNamespacedConfigMapAsync("default", cancellationToken: stop.Token).FirstAsync(stop.Token);
        var errors = new List<Exception>();
        var gone = await _client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: "1", onError: errors.Add, cancellationToken: stop.Token).ToListAsync(stop.Token);
        using var http = new HttpClient();
        var raw = await http.GetStringAsync($"{_api.BaseUrl}/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=1", stop.Token);

        Assert.Equal((WatchEventType.Added, "existing"), (first.Item1, first.Item2.Metadata.Name));
        Assert.Equal(old.Metadata.ResourceVersion, first.Item2.Metadata.ResourceVersion);
        Assert.Equal(410, JsonNode.Parse(raw)!["object"]!["code"]!.GetValue<int>());
        Assert.Equal("ERROR", JsonNode.Parse(raw)!["type"]!.GetValue<string>());
        Assert.True(gone.Count == 0 || gone.All(g => g.Item1 == WatchEventType.Error));
    }

    [Fact]
    public async Task A_status_write_against_a_stale_resource_version_is_a_409_and_a_current_one_changes_only_the_status()
    {
        var created = _api.Seed("argo", new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1", ["kind"] = "EventSource", ["metadata"] = new JsonObject { ["name"] = "hooks" },
            ["spec"] = new JsonObject { ["webhook"] = new JsonObject() },
        });
        var version = created["metadata"]!["resourceVersion"]!.GetValue<string>();
        using var http = new HttpClient();
        async Task<HttpStatusCode> PatchStatus(string body)
        {
            using var content = new StringContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/merge-patch+json");
            using var response = await http.PatchAsync($"{_api.BaseUrl}/apis/argoproj.io/v1alpha1/namespaces/argo/eventsources/hooks/status", content);
            return response.StatusCode;
        }

        var current = await PatchStatus($$$"""{"metadata":{"resourceVersion":"{{{version}}}"},"spec":{"webhook":null},"status":{"conditions":[{"type":"Deployed","status":"True"}]}}""");
        var stale = await PatchStatus($$$"""{"metadata":{"resourceVersion":"{{{version}}}"},"status":{"conditions":[]}}""");
        var stored = _api.Find("argoproj.io/v1alpha1", "EventSource", "argo", "hooks")!;

        Assert.Equal(HttpStatusCode.OK, current);
        Assert.Equal(HttpStatusCode.Conflict, stale);
        Assert.Equal("True", stored["status"]!["conditions"]![0]!["status"]!.GetValue<string>());
        Assert.NotNull(stored["spec"]!["webhook"]);
        Assert.Equal(1, stored["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task Ending_the_watches_closes_open_streams_and_a_watch_from_the_version_reached_misses_nothing()
    {
        var first = await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "first" } }, "default");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var seen = new List<string>();
        var reached = first.Metadata.ResourceVersion;
        var reading = Task.Run(async () =>
        {
            await foreach (var (type, item) in _client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: reached, cancellationToken: stop.Token))
            {
                seen.Add($"{type} {item.Metadata.Name}");
                reached = item.Metadata.ResourceVersion;
            }
        });
        await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "second" } }, "default");
        Assert.True(await Eventually.HoldsAsync(() => seen.Count == 1, TimeSpan.FromSeconds(10)));

        _api.EndWatches();
        await reading.WaitAsync(stop.Token);
        await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "third" } }, "default");
        var resumed = await _client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: reached, cancellationToken: stop.Token).FirstAsync(stop.Token);

        Assert.Equal(["Added second"], seen);
        Assert.Equal((WatchEventType.Added, "third"), (resumed.Item1, resumed.Item2.Metadata.Name));
    }

    [Fact]
    public async Task Intercept_answers_with_the_error_a_real_server_would_give()
    {
        _api.Intercept = request =>
        {
            if (request is { Verb: "create", Type.Plural: "secrets" })
            {
                throw KubeApiException.Forbidden("create", request.Type, request.Namespace);
            }
        };

        var forbidden = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "s" } }, "default"));

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.Response.StatusCode);
        Assert.Contains("cannot create resource \"secrets\" in API group \"\" in the namespace \"default\"", Status(forbidden)["message"]!.GetValue<string>());
        Assert.Contains(_api.Requests, r => r is { Verb: "create", Name: null, Namespace: "default" });
    }

    private static JsonNode Status(HttpOperationException ex) => JsonNode.Parse(ex.Response.Content)!;

    private static JsonNode Node(object result) => JsonNode.Parse(JsonSerializer.Serialize(result))!;
}
