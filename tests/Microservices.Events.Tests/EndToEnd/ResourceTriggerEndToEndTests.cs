using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microservices.Events.Cli;
using Microservices.Events.Testing.Kubernetes;
using Microservices.Events.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Microservices.Events.Tests.EndToEnd;

/// <summary>
/// Webhook → sensor → Kubernetes objects, all four services in one process with the Kubernetes API double as the
/// cluster: k8s create / patch / delete with parameters from the event, and a Workflow submitted, resubmitted,
/// suspended, resumed and terminated.
/// </summary>
public sealed class ResourceTriggerEndToEndTests : IAsyncLifetime
{
    private static readonly string[] Endpoints = ["k8s", "submit", "resubmit", "suspend", "resume", "terminate"];
    private KubernetesApiDouble _api = null!;

    public async Task InitializeAsync() => _api = await KubernetesApiDouble.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private static string EventSource(int port) => $"""
        apiVersion: argoproj.io/v1alpha1
        kind: EventSource
        metadata:
          name: webhook
        spec:
          webhook:
        {string.Join("\n", Endpoints.Select(e => $"    {e}: {{port: \"{port}\", endpoint: /{e}, method: POST}}"))}
        """;

    private static string WorkflowOperation(string operation) => """
            - template:
                name: OP
                conditions: OP
                argoWorkflow:
                  operation: OP
                  source:
                    resource: {apiVersion: argoproj.io/v1alpha1, kind: Workflow, metadata: {name: placeholder, namespace: argo}}
                  parameters:
                    - src: {dependencyName: OP, dataKey: body.name}
                      dest: metadata.name
        """.Replace("OP", operation);

    private static string Sensor() => """
        apiVersion: argoproj.io/v1alpha1
        kind: Sensor
        metadata:
          name: cluster
        spec:
          dependencies:
        DEPENDENCIES
          triggers:
            - template:
                name: make-job
                conditions: k8s
                k8s:
                  operation: create
                  source:
                    resource:
                      apiVersion: batch/v1
                      kind: Job
                      metadata: {generateName: greet-}
                      spec:
                        template:
                          spec:
                            restartPolicy: Never
                            containers: [{name: main, image: busybox, command: [echo], args: [placeholder]}]
                  parameters:
                    - src: {dependencyName: k8s, dataKey: body.message}
                      dest: spec.template.spec.containers.0.args.0
            - template:
                name: patch-settings
                conditions: k8s
                k8s:
                  operation: patch
                  patchStrategy: application/merge-patch+json
                  source:
                    resource: {apiVersion: v1, kind: ConfigMap, metadata: {name: settings}, data: {greeting: placeholder}}
                  parameters:
                    - src: {dependencyName: k8s, dataKey: body.message}
                      dest: data.greeting
            - template:
                name: delete-pod
                conditions: k8s
                k8s:
                  operation: delete
                  source:
                    resource: {apiVersion: v1, kind: Pod, metadata: {name: placeholder}}
                  parameters:
                    - src: {dependencyName: k8s, dataKey: body.pod}
                      dest: metadata.name
            - template:
                name: submit
                conditions: submit
                argoWorkflow:
                  operation: submit
                  source:
                    resource:
                      apiVersion: argoproj.io/v1alpha1
                      kind: Workflow
                      metadata: {generateName: hello-, namespace: argo}
                      spec:
                        entrypoint: main
                        arguments: {parameters: [{name: message, value: placeholder}]}
                  parameters:
                    - src: {dependencyName: submit, dataKey: body.message}
                      dest: spec.arguments.parameters.0.value
        OPERATIONS
        """
        .Replace("DEPENDENCIES", string.Join("\n", Endpoints.Select(e => $"    - {{name: {e}, eventSourceName: webhook, eventName: {e}}}")))
        .Replace("OPERATIONS", string.Join("\n", new[] { "resubmit", "suspend", "resume", "terminate" }.Select(WorkflowOperation)));

    [Fact]
    public async Task Webhook_events_create_patch_and_delete_objects_and_drive_a_workflow()
    {
        _api.Seed("default", JsonNode.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings"},"data":{"greeting":"hi","other":"kept"}}""")!.AsObject());
        _api.Seed("default", JsonNode.Parse("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"old-pod"}}""")!.AsObject());
        var port = FreePort.Next();
        using var specs = new TempSpecs(("webhook.yaml", EventSource(port)), ("sensor.yaml", Sensor()));
        using var state = new TempStateFile();
        var builder = EmbeddedHost.CreateBuilder(specs.Directory, "http://localhost:5000", stateFile: state.Path);
        builder.Configuration["Kubernetes:Host"] = _api.BaseUrl;
        builder.WebHost.UseTestServer();
        await using var app = EmbeddedHost.Build(builder);
        MassTransit.LogContext.Current = null!;
        await app.StartAsync();
        var client = app.GetTestClient();
        client.BaseAddress = new Uri($"http://localhost:{port}");
        var workflows = _api.Type("argoproj.io/v1alpha1", "Workflow");

        Assert.Equal(HttpStatusCode.OK, (await Post(client, "/k8s", """{"message":"hello cluster","pod":"old-pod"}""")).StatusCode);

        Assert.True(await Eventually.HoldsAsync(() => _api.Store.List(_api.Type("batch/v1", "Job"), "default").Items.Count == 1), "no Job was created");
        var job = _api.Store.List(_api.Type("batch/v1", "Job"), "default").Items.Single();
        Assert.Equal("hello cluster", job["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]![0]!.ToString());
        Assert.Equal("cluster", job["metadata"]!["labels"]!["events.argoproj.io/sensor"]!.ToString());
        Assert.True(await Eventually.HoldsAsync(() => _api.Find("v1", "ConfigMap", "default", "settings")?["data"]?["greeting"]?.ToString() == "hello cluster"), "the ConfigMap was not patched");
        Assert.Equal("kept", _api.Find("v1", "ConfigMap", "default", "settings")!["data"]!["other"]!.ToString());
        Assert.True(await Eventually.HoldsAsync(() => _api.Find("v1", "Pod", "default", "old-pod") is null), "the Pod was not deleted");

        await Post(client, "/submit", """{"message":"run me"}""");
        Assert.True(await Eventually.HoldsAsync(() => _api.Store.List(workflows, "argo").Items.Count == 1), "no Workflow was submitted");
        var submitted = _api.Store.List(workflows, "argo").Items.Single();
        var name = submitted["metadata"]!["name"]!.ToString();
        Assert.StartsWith("hello-", name);
        Assert.Equal("run me", submitted["spec"]!["arguments"]!["parameters"]![0]!["value"]!.ToString());

        await Post(client, "/resubmit", $$"""{"name":"{{name}}"}""");
        Assert.True(await Eventually.HoldsAsync(() => _api.Store.List(workflows, "argo", LabelSelector.Parse($"workflows.argoproj.io/resubmitted-from-workflow={name}")).Items.Count == 1), "the Workflow was not resubmitted");

        await Post(client, "/suspend", $$"""{"name":"{{name}}"}""");
        Assert.True(await Eventually.HoldsAsync(() => _api.Find("argoproj.io/v1alpha1", "Workflow", "argo", name)?["spec"]?["suspend"]?.GetValue<bool>() == true), "the Workflow was not suspended");

        await Post(client, "/resume", $$"""{"name":"{{name}}"}""");
        Assert.True(await Eventually.HoldsAsync(() => _api.Find("argoproj.io/v1alpha1", "Workflow", "argo", name)?["spec"]?["suspend"] is null), "the Workflow was not resumed");

        await Post(client, "/terminate", $$"""{"name":"{{name}}"}""");
        Assert.True(await Eventually.HoldsAsync(() => _api.Find("argoproj.io/v1alpha1", "Workflow", "argo", name)?["spec"]?["shutdown"]?.ToString() == "Terminate"), "the Workflow was not terminated");
        await app.StopAsync();
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, string path, string body) =>
        client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
}
