using System.Text.Json.Nodes;
using Microservices.Events.Testing.Kubernetes;
using static Microservices.Events.Tests.Dispatch.ResourceTriggerHarness;

namespace Microservices.Events.Tests.Dispatch;

/// <summary>The argoWorkflow trigger in trigger-dispatch against the Kubernetes API double, one operation at a time.</summary>
public sealed class ArgoWorkflowTriggerTests : IAsyncLifetime
{
    private KubernetesApiDouble _api = null!;

    public async Task InitializeAsync() => _api = await KubernetesApiDouble.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private const string Workflow = "argoproj.io/v1alpha1";

    private static string Trigger(string name, string operation, string resource) => $$"""
                - template:
                    name: {{name}}
                    argoWorkflow:
                      operation: {{operation}}
                      source:
                        resource: {{resource}}
        """;

    [Fact]
    public async Task Submit_creates_the_workflow_with_generateName_and_parameters()
    {
        await using var h = await StartAsync(_api, Sensor("""
                - template:
                    name: submit
                    argoWorkflow:
                      source:
                        resource:
                          apiVersion: argoproj.io/v1alpha1
                          kind: Workflow
                          metadata: {generateName: hello-, namespace: argo}
                          spec:
                            entrypoint: main
                            arguments: {parameters: [{name: message, value: default}]}
                      parameters:
                        - src: {dependencyName: dep, dataKey: body.message}
                          dest: spec.arguments.parameters.0.value
            """));

        await h.Bus.Publish(Request("submit", """{"message":"from the event"}"""));

        var (success, detail, _) = await OutcomeAsync(h);
        Assert.True(success, detail);
        var workflow = Assert.Single(_api.Store.List(_api.Type(Workflow, "Workflow"), "argo").Items);
        Assert.Matches("^hello-[a-z0-9]{5}$", workflow["metadata"]!["name"]!.ToString());
        Assert.Equal("from the event", workflow["spec"]!["arguments"]!["parameters"]![0]!["value"]!.ToString());
        Assert.Equal($"submitted workflows.argoproj.io argo/{workflow["metadata"]!["name"]}", detail);
        Assert.Equal("s", workflow["metadata"]!["labels"]!["events.argoproj.io/sensor"]!.ToString());
        Assert.Equal("submit", workflow["metadata"]!["labels"]!["events.argoproj.io/trigger"]!.ToString());
        Assert.Matches("^[0-9]{13}$", workflow["metadata"]!["labels"]!["events.argoproj.io/action-timestamp"]!.ToString());
    }

    [Fact]
    public async Task Policy_waits_for_the_submitted_workflow_to_carry_the_labels()
    {
        await using var h = await StartAsync(_api, Sensor("""
                - template:
                    name: submit
                    argoWorkflow:
                      source:
                        resource: {apiVersion: argoproj.io/v1alpha1, kind: Workflow, metadata: {generateName: hello-}, spec: {entrypoint: main}}
                  policy:
                    k8s:
                      labels: {workflows.argoproj.io/completed: "true"}
                      backoff: {steps: 3, duration: 10ms, jitter: 0}
                      errorOnBackoffTimeout: true
            """));

        await h.Bus.Publish(Request("submit", "{}"));

        var (success, detail, _) = await OutcomeAsync(h);
        Assert.False(success);
        Assert.Matches("^submitted workflows.argoproj.io default/hello-[a-z0-9]{5}; did not carry the policy's labels after 3 checks$", detail);
    }

    [Fact]
    public async Task Submit_from_a_workflow_template_and_a_cluster_workflow_template()
    {
        _api.Seed("default", Node("""{"apiVersion":"argoproj.io/v1alpha1","kind":"WorkflowTemplate","metadata":{"name":"build"},"spec":{"entrypoint":"main"}}"""));
        _api.Seed(null, Node("""{"apiVersion":"argoproj.io/v1alpha1","kind":"ClusterWorkflowTemplate","metadata":{"name":"shared"},"spec":{"entrypoint":"main"}}"""));
        await using var h = await StartAsync(_api, Sensor(
            Trigger("from-template", "submit-from", "{apiVersion: argoproj.io/v1alpha1, kind: WorkflowTemplate, metadata: {name: build}}") + "\n" +
            Trigger("from-cluster", "submit-from", "{apiVersion: argoproj.io/v1alpha1, kind: ClusterWorkflowTemplate, metadata: {name: shared}}") + "\n" +
            Trigger("from-missing", "submit-from", "{apiVersion: argoproj.io/v1alpha1, kind: WorkflowTemplate, metadata: {name: nope}}")));

        await h.Bus.Publish(Request("from-template", "{}"));
        await h.Bus.Publish(Request("from-cluster", "{}", 2));
        await h.Bus.Publish(Request("from-missing", "{}", 3));

        Assert.True((await OutcomeAsync(h)).Success);
        Assert.True((await OutcomeAsync(h, 2)).Success);
        var missing = await OutcomeAsync(h, 3);
        Assert.False(missing.Success);
        Assert.Equal("submit-from: 404 NotFound: workflowtemplates.argoproj.io \"nope\" not found", missing.Detail);
        var refs = _api.Store.List(_api.Type(Workflow, "Workflow"), "default").Items.Select(w => w["spec"]!["workflowTemplateRef"]!.ToJsonString()).Order().ToList();
        Assert.Equal(["""{"name":"build"}""", """{"name":"shared","clusterScope":true}"""], refs);
    }

    [Fact]
    public async Task Resubmit_and_retry_act_on_the_workflow_the_event_names()
    {
        _api.Seed("default", Node("""{"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow","metadata":{"name":"nightly"},"spec":{"entrypoint":"main"},"status":{"phase":"Failed","nodes":{"nightly-1":{"type":"Pod","phase":"Failed"}}}}"""));
        _api.Seed("default", Node("""{"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow","metadata":{"name":"running"},"spec":{"entrypoint":"main"},"status":{"phase":"Running"}}"""));
        const string named = "{apiVersion: argoproj.io/v1alpha1, kind: Workflow, metadata: {name: placeholder}}";
        var nameParameter = "\n              parameters: [{src: {dependencyName: dep, dataKey: body.workflow}, dest: metadata.name}]";
        await using var h = await StartAsync(_api, Sensor(
            Trigger("resubmit", "resubmit", named) + nameParameter + "\n" + Trigger("retry", "retry", named) + nameParameter));

        await h.Bus.Publish(Request("resubmit", """{"workflow":"nightly"}"""));
        var resubmitted = await OutcomeAsync(h);
        await h.Bus.Publish(Request("retry", """{"workflow":"nightly"}""", 2));
        var retried = await OutcomeAsync(h, 2);
        await h.Bus.Publish(Request("retry", """{"workflow":"running"}""", 3));
        var refused = await OutcomeAsync(h, 3);

        Assert.True(resubmitted.Success, resubmitted.Detail);
        var copy = _api.Store.List(_api.Type(Workflow, "Workflow"), "default", LabelSelector.Parse("workflows.argoproj.io/resubmitted-from-workflow=nightly")).Items.Single();
        Assert.StartsWith("nightly-", copy["metadata"]!["name"]!.ToString());
        Assert.Null(copy["status"]);
        Assert.True(retried.Success, retried.Detail);
        Assert.Equal("Running", _api.Find(Workflow, "Workflow", "default", "nightly")!["status"]!["phase"]!.ToString());
        Assert.Equal((false, "retry: workflow must be Failed/Error to retry (it is Running)"), (refused.Success, refused.Detail));
    }

    [Fact]
    public async Task Suspend_resume_terminate_and_stop_change_the_spec_as_argo_does()
    {
        foreach (var name in new[] { "a", "b" })
        {
            _api.Seed("default", Node("""{"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow","metadata":{"name":"NAME"},"spec":{"entrypoint":"main"},"status":{"phase":"Running"}}""".Replace("NAME", name)));
        }

        _api.Seed("default", Node("""{"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow","metadata":{"name":"done"},"spec":{},"status":{"phase":"Succeeded"}}"""));
        await using var h = await StartAsync(_api, Sensor(string.Join("\n",
            Trigger("suspend", "suspend", "{apiVersion: argoproj.io/v1alpha1, kind: Workflow, metadata: {name: a}}"),
            Trigger("resume", "resume", "{apiVersion: argoproj.io/v1alpha1, kind: Workflow, metadata: {name: a}}"),
            Trigger("terminate", "terminate", "{apiVersion: argoproj.io/v1alpha1, kind: Workflow, metadata: {name: a}}"),
            Trigger("stop", "stop", "{apiVersion: argoproj.io/v1alpha1, kind: Workflow, metadata: {name: b}}"),
            Trigger("stop-done", "stop", "{apiVersion: argoproj.io/v1alpha1, kind: Workflow, metadata: {name: done}}"))));

        await h.Bus.Publish(Request("suspend", "{}"));
        Assert.True((await OutcomeAsync(h)).Success);
        Assert.True(_api.Find(Workflow, "Workflow", "default", "a")!["spec"]!["suspend"]!.GetValue<bool>());
        await h.Bus.Publish(Request("resume", "{}", 2));
        Assert.True((await OutcomeAsync(h, 2)).Success);
        Assert.Null(_api.Find(Workflow, "Workflow", "default", "a")!["spec"]!["suspend"]);
        await h.Bus.Publish(Request("terminate", "{}", 3));
        await h.Bus.Publish(Request("stop", "{}", 4));
        await h.Bus.Publish(Request("stop-done", "{}", 5));

        Assert.Equal((true, "terminated workflows.argoproj.io default/a"), Pick(await OutcomeAsync(h, 3)));
        Assert.Equal("Terminate", _api.Find(Workflow, "Workflow", "default", "a")!["spec"]!["shutdown"]!.ToString());
        Assert.Equal((true, "stopped workflows.argoproj.io default/b"), Pick(await OutcomeAsync(h, 4)));
        Assert.Equal("Stop", _api.Find(Workflow, "Workflow", "default", "b")!["spec"]!["shutdown"]!.ToString());
        Assert.Equal((false, "stop: workflow default/done has already completed (Succeeded)"), Pick(await OutcomeAsync(h, 5)));
    }

    private static (bool, string) Pick((bool Success, string Detail, int Attempts) outcome) => (outcome.Success, outcome.Detail);

    private static JsonObject Node(string json) => JsonNode.Parse(json)!.AsObject();
}
