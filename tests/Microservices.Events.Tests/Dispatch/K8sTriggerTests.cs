using System.Text.Json.Nodes;
using Microservices.Events.Testing.Kubernetes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using static Microservices.Events.Tests.Dispatch.ResourceTriggerHarness;

namespace Microservices.Events.Tests.Dispatch;

/// <summary>The k8s trigger in trigger-dispatch against the Kubernetes API double: each operation, each source, policy, API errors.</summary>
public sealed class K8sTriggerTests : IAsyncLifetime
{
    private KubernetesApiDouble _api = null!;

    public async Task InitializeAsync() => _api = await KubernetesApiDouble.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private const string Job = """
                          apiVersion: batch/v1
                          kind: Job
                          metadata: {generateName: hello-}
                          spec:
                            template:
                              spec:
                                containers: [{name: main, image: busybox, args: [placeholder]}]
        """;

    [Fact]
    public async Task Create_makes_the_object_with_parameters_applied_and_argo_labels_stamped()
    {
        await using var h = await StartAsync(_api, Sensor($$"""
                - template:
                    name: make-job
                    k8s:
                      operation: create
                      source:
                        resource:
            {{Job}}
                      parameters:
                        - src: {dependencyName: dep, dataKey: body.message}
                          dest: spec.template.spec.containers.0.args.0
                        - src: {dependencyName: dep, dataKey: body.team}
                          dest: metadata.labels.team
            """));

        await h.Bus.Publish(Request("make-job", """{"message":"hello from the event","team":"blue"}"""));

        var (success, detail, _) = await OutcomeAsync(h);
        Assert.True(success, detail);
        var job = Assert.Single(_api.Store.List(_api.Type("batch/v1", "Job"), "default").Items);
        Assert.StartsWith("hello-", job["metadata"]!["name"]!.ToString());
        Assert.Equal("hello from the event", job["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]![0]!.ToString());
        Assert.Equal("blue", job["metadata"]!["labels"]!["team"]!.ToString());
        Assert.Equal("s", job["metadata"]!["labels"]!["events.argoproj.io/sensor"]!.ToString());
        Assert.Equal("make-job", job["metadata"]!["labels"]!["events.argoproj.io/trigger"]!.ToString());
        Assert.Matches("^[0-9]{13}$", job["metadata"]!["labels"]!["events.argoproj.io/action-timestamp"]!.ToString());
        Assert.Equal($"created jobs.batch default/{job["metadata"]!["name"]}", detail);
    }

    [Fact]
    public async Task Update_folds_the_object_into_the_live_one_and_creates_it_when_missing()
    {
        _api.Seed("default", Node("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","labels":{"keep":"me"}},"data":{"a":"1","b":"2"}}"""));
        await using var h = await StartAsync(_api, Sensor("""
                - template:
                    name: update
                    k8s:
                      operation: update
                      source:
                        resource: {apiVersion: v1, kind: ConfigMap, metadata: {name: settings}, data: {b: "x"}}
                      parameters:
                        - src: {dependencyName: dep, dataKey: body.value}
                          dest: data.b
                - template:
                    name: update-missing
                    k8s:
                      operation: update
                      source:
                        resource: {apiVersion: v1, kind: ConfigMap, metadata: {name: fresh, namespace: other}, data: {c: "3"}}
            """));

        await h.Bus.Publish(Request("update", """{"value":"from event"}"""));
        await h.Bus.Publish(Request("update-missing", "{}", 2));

        Assert.True((await OutcomeAsync(h)).Success);
        Assert.True((await OutcomeAsync(h, 2)).Success);
        var settings = _api.Find("v1", "ConfigMap", "default", "settings")!;
        Assert.True(JsonNode.DeepEquals(Node("""{"a":"1","b":"from event"}"""), settings["data"]));
        Assert.Equal("me", settings["metadata"]!["labels"]!["keep"]!.ToString());
        Assert.Equal("3", _api.Find("v1", "ConfigMap", "other", "fresh")!["data"]!["c"]!.ToString());
    }

    [Fact]
    public async Task Update_with_liveObject_starts_from_the_cluster_copy()
    {
        _api.Seed("default", Node("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"main","image":"nginx:1"}]}}}}"""));
        await using var h = await StartAsync(_api, Sensor("""
                - template:
                    name: scale
                    k8s:
                      operation: update
                      liveObject: true
                      source:
                        resource: {apiVersion: apps/v1, kind: Deployment, metadata: {name: web, namespace: default}}
                      parameters:
                        - src: {dependencyName: dep, dataKey: body.replicas, useRawData: true}
                          dest: spec.replicas
            """));

        await h.Bus.Publish(Request("scale", """{"replicas":4}"""));

        Assert.True((await OutcomeAsync(h)).Success);
        var web = _api.Find("apps/v1", "Deployment", "default", "web")!;
        Assert.Equal(4, web["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal("nginx:1", web["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.ToString());
    }

    [Theory]
    [InlineData("application/merge-patch+json", """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[{"name":"main","image":"IMAGE"}]}}}}""", "main=IMAGE")]
    [InlineData("application/strategic-merge-patch+json", """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[{"name":"main","image":"IMAGE"}]}}}}""", "main=IMAGE,side=envoy:1")]
    [InlineData("application/json-patch+json", """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"patch":[{"op":"replace","path":"/spec/template/spec/containers/1/image","value":"IMAGE"}]}""", "main=nginx:1,side=IMAGE")]
    public async Task Patch_sends_the_object_with_the_patch_strategy_as_content_type(string strategy, string resource, string containers)
    {
        _api.Seed("default", Node("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[{"name":"main","image":"nginx:1"},{"name":"side","image":"envoy:1"}]}}}}"""));
        var imageDest = strategy == "application/json-patch+json" ? "patch.0.value" : "spec.template.spec.containers.0.image";
        await using var h = await StartAsync(_api, Sensor($$"""
                - template:
                    name: patch
                    k8s:
                      operation: patch
                      patchStrategy: {{strategy}}
                      source:
                        resource: {{resource}}
                      parameters:
                        - src: {dependencyName: dep, dataKey: body.image}
                          dest: {{imageDest}}
            """));

        await h.Bus.Publish(Request("patch", """{"image":"nginx:2"}"""));

        var (success, detail, _) = await OutcomeAsync(h);
        Assert.True(success, detail);
        var web = _api.Find("apps/v1", "Deployment", "default", "web")!;
        Assert.Equal(containers.Replace("IMAGE", "nginx:2"), string.Join(",", web["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => $"{c!["name"]}={c["image"]}")));
        Assert.Contains(_api.Requests, r => r.Verb == "patch" && r.ContentType == strategy);
    }

    [Fact]
    public async Task Delete_removes_the_object_named_by_the_event_and_a_missing_one_is_nothing_to_do()
    {
        _api.Seed("default", Node("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"doomed"}}"""));
        await using var h = await StartAsync(_api, Sensor("""
                - template:
                    name: delete
                    k8s:
                      operation: delete
                      source:
                        resource: {apiVersion: v1, kind: Pod, metadata: {name: placeholder}}
                      parameters:
                        - src: {dependencyName: dep, dataKey: body.pod}
                          dest: metadata.name
            """));

        await h.Bus.Publish(Request("delete", """{"pod":"doomed"}"""));
        var deleted = await OutcomeAsync(h);
        await h.Bus.Publish(Request("delete", """{"pod":"never-was"}""", 2));
        var missing = await OutcomeAsync(h, 2);

        Assert.Equal((true, "deleted pods default/doomed"), (deleted.Success, deleted.Detail));
        Assert.Null(_api.Find("v1", "Pod", "default", "doomed"));
        Assert.Equal((true, "pods default/never-was not found; nothing to delete"), (missing.Success, missing.Detail));
    }

    [Fact]
    public async Task Configmap_file_and_url_sources_are_read_and_parameters_applied()
    {
        _api.Seed("default", Node("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"templates"},"data":{"pod":"apiVersion: v1\nkind: Pod\nmetadata:\n  name: from-configmap\n"}}"""));
        var file = Path.Combine(Path.GetTempPath(), $"k8s-source-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: from-file\n");
        await using var web = await StaticFile.StartAsync("apiVersion: v1\nkind: Pod\nmetadata:\n  name: from-url\n");
        try
        {
            await using var h = await StartAsync(_api, Sensor($$$"""
                    - template:
                        name: cm
                        k8s:
                          source: {configmap: {name: templates, key: pod}}
                          parameters: [{src: {dependencyName: dep, dataKey: body.v}, dest: metadata.labels.v}]
                    - template:
                        name: file
                        k8s:
                          source: {file: {path: "{{{file}}}"}}
                          parameters: [{src: {dependencyName: dep, dataKey: body.v}, dest: metadata.labels.v}]
                    - template:
                        name: url
                        k8s:
                          source: {url: {path: "{{{web.Url}}}"}}
                          parameters: [{src: {dependencyName: dep, dataKey: body.v}, dest: metadata.labels.v}]
                """));

            await h.Bus.Publish(Request("cm", """{"v":"1"}"""));
            await h.Bus.Publish(Request("file", """{"v":"2"}""", 2));
            await h.Bus.Publish(Request("url", """{"v":"3"}""", 3));

            for (var i = 1; i <= 3; i++)
            {
                var (success, detail, _) = await OutcomeAsync(h, i);
                Assert.True(success, detail);
            }

            Assert.Equal("1", _api.Find("v1", "Pod", "default", "from-configmap")!["metadata"]!["labels"]!["v"]!.ToString());
            Assert.Equal("2", _api.Find("v1", "Pod", "default", "from-file")!["metadata"]!["labels"]!["v"]!.ToString());
            Assert.Equal("3", _api.Find("v1", "Pod", "default", "from-url")!["metadata"]!["labels"]!["v"]!.ToString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task An_api_error_fails_the_firing_with_the_servers_message_after_the_retry_strategy()
    {
        _api.Intercept = r =>
        {
            if (r is { Verb: "create", Type.Plural: "pods" })
            {
                throw KubeApiException.Invalid(r.Type, "bad", "spec.containers", "Required value");
            }
        };
        await using var h = await StartAsync(_api, Sensor("""
                - template:
                    name: make-pod
                    k8s:
                      source: {resource: {apiVersion: v1, kind: Pod, metadata: {name: bad}}}
                  retryStrategy: {steps: 3, duration: 10ms}
            """));

        await h.Bus.Publish(Request("make-pod", "{}"));

        var (success, reason, attempts) = await OutcomeAsync(h);
        Assert.False(success);
        Assert.Equal("create pods default/bad: 422 Invalid: Pod \"bad\" is invalid: spec.containers: Required value", reason);
        Assert.Equal(3, attempts);
        Assert.Equal(3, _api.Requests.Count(r => r.Verb == "create"));
    }

    [Fact]
    public async Task A_conflict_and_an_unknown_kind_fail_with_what_the_server_said()
    {
        _api.Seed("default", Node("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"taken"}}"""));
        await using var h = await StartAsync(_api, Sensor("""
                - template:
                    name: taken
                    k8s:
                      source: {resource: {apiVersion: v1, kind: Pod, metadata: {name: taken}}}
                - template:
                    name: unknown
                    k8s:
                      source: {resource: {apiVersion: example.com/v1, kind: Gadget, metadata: {name: g}}}
            """));

        await h.Bus.Publish(Request("taken", "{}"));
        await h.Bus.Publish(Request("unknown", "{}", 2));

        Assert.Equal((false, "create pods default/taken: 409 AlreadyExists: pods \"taken\" already exists"), Pick(await OutcomeAsync(h)));
        Assert.Equal((false, "create object: 404 NotFound: the server does not serve apiVersion example.com/v1"), Pick(await OutcomeAsync(h, 2)));
    }

    [Fact]
    public async Task Policy_waits_for_the_labels_and_fails_on_timeout_only_when_asked()
    {
        var jobs = _api.Type("batch/v1", "Job");
        await using var h = await StartAsync(_api, Sensor("""
                - template:
                    name: labelled
                    k8s:
                      source: {resource: {apiVersion: batch/v1, kind: Job, metadata: {name: watched}}}
                  policy:
                    k8s:
                      labels: {done: "true"}
                      backoff: {steps: 20, duration: 100ms, factor: 1, jitter: 0}
                      errorOnBackoffTimeout: true
                - template:
                    name: never
                    k8s:
                      source: {resource: {apiVersion: batch/v1, kind: Job, metadata: {name: ignored}}}
                  policy:
                    k8s:
                      labels: {done: "true"}
                      backoff: {steps: 2, duration: 10ms, jitter: 0}
                      errorOnBackoffTimeout: true
                - template:
                    name: lenient
                    k8s:
                      source: {resource: {apiVersion: batch/v1, kind: Job, metadata: {name: lenient}}}
                  policy:
                    k8s:
                      labels: {done: "true"}
                      backoff: {steps: 2, duration: 10ms, jitter: 0}
            """));

        await h.Bus.Publish(Request("labelled", "{}"));
        Assert.True(await Eventually.HoldsAsync(() => _api.Find("batch/v1", "Job", "default", "watched") is not null));
        await Task.Delay(300);
        _api.Store.Patch(jobs, "default", "watched", job => MergePatch.Apply(job, Node("""{"metadata":{"labels":{"done":"true"}}}""")));
        await h.Bus.Publish(Request("never", "{}", 2));
        await h.Bus.Publish(Request("lenient", "{}", 3));

        var labelled = await OutcomeAsync(h);
        Assert.True(labelled.Success, labelled.Detail);
        Assert.EndsWith("carries the policy's labels", labelled.Detail);
        Assert.Equal((false, "created jobs.batch default/ignored; did not carry the policy's labels after 2 checks"), Pick(await OutcomeAsync(h, 2)));
        Assert.Equal((true, "created jobs.batch default/lenient; did not carry the policy's labels after 2 checks"), Pick(await OutcomeAsync(h, 3)));
    }

    [Fact]
    public async Task A_configured_token_authenticates_every_request_and_appears_in_no_outcome()
    {
        const string token = "s3cr3t-token-value";
        _api.Intercept = r =>
        {
            if (r.Verb == "create")
            {
                throw KubeApiException.Forbidden("create", r.Type, r.Namespace);
            }
        };
        await using var h = await StartAsync(_api, token: token, sensorYaml: Sensor("""
                - template:
                    name: forbidden
                    k8s:
                      source: {resource: {apiVersion: v1, kind: Secret, metadata: {name: s}}}
            """));

        await h.Bus.Publish(Request("forbidden", "{}"));

        var (success, reason, _) = await OutcomeAsync(h);
        Assert.False(success);
        Assert.Equal("create secrets default/s: 403 Forbidden: secrets is forbidden: User \"system:serviceaccount:default:default\" cannot create resource \"secrets\" in API group \"\" in the namespace \"default\"", reason);
        Assert.DoesNotContain(token, reason);
        Assert.All(_api.Requests, r => Assert.Equal($"Bearer {token}", r.Authorization));
    }

    [Fact]
    public async Task A_kubeconfig_file_names_the_server_the_credentials_and_the_default_namespace()
    {
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"kubeconfig-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            current-context: double
            clusters:
              - name: double
                cluster: {"{"}server: "{_api.BaseUrl}"{"}"}
            users:
              - name: robot
                user: {"{"}token: kubeconfig-token{"}"}
            contexts:
              - name: double
                context: {"{"}cluster: double, user: robot, namespace: team-a{"}"}
            """);
        try
        {
            await using var h = await StartAsync(_api, kubeconfig: kubeconfig, sensorYaml: Sensor("""
                    - template:
                        name: cm
                        k8s:
                          source: {resource: {apiVersion: v1, kind: ConfigMap, metadata: {name: from-kubeconfig}}}
                """));

            await h.Bus.Publish(Request("cm", "{}"));

            var (success, detail, _) = await OutcomeAsync(h);
            Assert.True(success, detail);
            Assert.NotNull(_api.Find("v1", "ConfigMap", "team-a", "from-kubeconfig"));
            Assert.All(_api.Requests, r => Assert.Equal("Bearer kubeconfig-token", r.Authorization));
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    [Fact]
    public async Task An_update_that_meets_a_conflict_succeeds_on_its_retry_with_the_object_read_again()
    {
        _api.Seed("default", Node("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"busy"},"data":{"n":"0"}}"""));
        var conflicts = 0;
        _api.Intercept = r =>
        {
            if (r.Verb == "update" && Interlocked.Increment(ref conflicts) == 1)
            {
                throw KubeApiException.Conflict(r.Type, r.Name!);
            }
        };
        await using var h = await StartAsync(_api, Sensor("""
                - template:
                    name: bump
                    k8s:
                      operation: update
                      source: {resource: {apiVersion: v1, kind: ConfigMap, metadata: {name: busy}, data: {n: "1"}}}
                  retryStrategy: {steps: 3, duration: 10ms}
            """));

        await h.Bus.Publish(Request("bump", "{}"));

        var (success, detail, attempts) = await OutcomeAsync(h);
        Assert.True(success, detail);
        Assert.Equal(2, attempts);
        Assert.Equal(2, _api.Requests.Count(r => r.Verb == "get"));
        Assert.Equal("1", _api.Find("v1", "ConfigMap", "default", "busy")!["data"]!["n"]!.ToString());
    }

    [Fact]
    public async Task A_bad_kubernetes_setting_stops_the_service_on_start_naming_the_key()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var h = await Microservices.Events.Tests.Harness.ServiceHarness.StartAsync(builder =>
            {
                builder.Configuration["Specs:Directory"] = "unused";
                builder.Configuration["State:Provider"] = "InMemory";
                builder.Configuration["Kubernetes:Host"] = "not a url";
                builder.Configuration["Kubernetes:KubeconfigPath"] = "/nonexistent/kubeconfig";
                Microservices.Events.TriggerDispatch.TriggerDispatchRegistration.AddTriggerDispatch(builder);
                Microservices.Events.ServiceDefaults.EventBusExtensions.AddEventBusTestHarness(builder, Microservices.Events.TriggerDispatch.TriggerDispatchBus.Part);
            });
        });

        Assert.IsType<Microsoft.Extensions.Options.OptionsValidationException>(error);
        Assert.Contains("Kubernetes:Host \"not a url\" is not an absolute http(s) URL", error.Message);
        Assert.Contains("Kubernetes:KubeconfigPath \"/nonexistent/kubeconfig\" does not exist", error.Message);
    }

    private static (bool, string) Pick((bool Success, string Detail, int Attempts) outcome) => (outcome.Success, outcome.Detail);

    private static JsonObject Node(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>An http server answering every GET with one text, for the url source.</summary>
    private sealed class StaticFile(WebApplication app) : IAsyncDisposable
    {
        public string Url { get; private init; } = "";

        public static async Task<StaticFile> StartAsync(string text)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            app.Run(context => context.Response.WriteAsync(text));
            await app.StartAsync();
            var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new StaticFile(app) { Url = $"{url}/pod.yaml" };
        }

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}
