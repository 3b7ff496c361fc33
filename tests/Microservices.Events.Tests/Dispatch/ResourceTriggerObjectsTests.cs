using System.Text.Json.Nodes;
using Microservices.Events.TriggerDispatch.Executors.ArgoWorkflow;
using Microservices.Events.TriggerDispatch.Executors.K8s;

namespace Microservices.Events.Tests.Dispatch;

/// <summary>The pure parts of the k8s and argoWorkflow triggers: Argo's update merge and the Workflow operations.</summary>
public sealed class ResourceTriggerObjectsTests
{
    [Theory]
    [InlineData("""{"a":1,"m":{"x":1,"y":2}}""", """{"m":{"y":3,"z":4}}""", """{"a":1,"m":{"x":1,"y":3,"z":4}}""")]
    [InlineData("""{"l":[1,2,3]}""", """{"l":[9]}""", """{"l":[9]}""")]
    [InlineData("""{"s":"live","n":5,"b":true,"l":[1]}""", """{"s":"","n":0,"b":false,"l":[]}""", """{"s":"live","n":5,"b":true,"l":[1]}""")]
    [InlineData("""{"s":"live"}""", """{"s":null,"new":"v"}""", """{"s":"live","new":"v"}""")]
    [InlineData("""{"m":"scalar"}""", """{"m":{"k":"v"}}""", """{"m":{"k":"v"}}""")]
    public void Update_folds_the_object_into_the_live_one_as_mergo_with_override_does(string live, string source, string expected)
    {
        var merged = ObjectMerge.Override(JsonNode.Parse(live)!.AsObject(), JsonNode.Parse(source)!.AsObject());

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), merged), merged.ToJsonString());
    }

    [Theory]
    [InlineData("WorkflowTemplate", """{"workflowTemplateRef":{"name":"tpl"}}""", "workflows.argoproj.io/workflow-template")]
    [InlineData("ClusterWorkflowTemplate", """{"workflowTemplateRef":{"name":"tpl","clusterScope":true}}""", "workflows.argoproj.io/cluster-workflow-template")]
    [InlineData("CronWorkflow", """{"entrypoint":"main"}""", "workflows.argoproj.io/cron-workflow")]
    public void Submit_from_builds_a_workflow_named_after_its_template(string kind, string spec, string label)
    {
        var template = JsonNode.Parse("""{"apiVersion":"argoproj.io/v1alpha1","kind":"KIND","metadata":{"name":"tpl"},"spec":{"workflowSpec":{"entrypoint":"main"}}}""".Replace("KIND", kind))!.AsObject();

        var workflow = ArgoWorkflowObjects.FromTemplate(template, "argo", null);

        Assert.Equal("Workflow", workflow["kind"]!.ToString());
        Assert.Equal("tpl-", workflow["metadata"]!["generateName"]!.ToString());
        Assert.Equal("argo", workflow["metadata"]!["namespace"]!.ToString());
        Assert.Equal("tpl", workflow["metadata"]!["labels"]![label]!.ToString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(spec), workflow["spec"]), workflow["spec"]!.ToJsonString());
    }

    [Fact]
    public void Submit_from_carries_the_sources_arguments()
    {
        var template = JsonNode.Parse("""{"kind":"WorkflowTemplate","metadata":{"name":"tpl"}}""")!.AsObject();

        var workflow = ArgoWorkflowObjects.FromTemplate(template, null, JsonNode.Parse("""{"parameters":[{"name":"m","value":"hi"}]}"""));

        Assert.Equal("hi", workflow["spec"]!["arguments"]!["parameters"]![0]!["value"]!.ToString());
        Assert.Null(workflow["metadata"]!["namespace"]);
    }

    [Fact]
    public void Resubmit_copies_spec_labels_and_annotations_under_a_generated_name()
    {
        var old = JsonNode.Parse("""
            {"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow",
             "metadata":{"name":"hello-abcde","generateName":"hello-","namespace":"argo","uid":"u","resourceVersion":"7",
                         "labels":{"team":"a","workflows.argoproj.io/completed":"true","workflows.argoproj.io/phase":"Failed"},
                         "annotations":{"note":"x"}},
             "spec":{"entrypoint":"main","shutdown":"Stop","suspend":true},
             "status":{"phase":"Failed"}}
            """)!.AsObject();

        var copy = ArgoWorkflowObjects.Resubmit(old);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"apiVersion":"argoproj.io/v1alpha1","kind":"Workflow",
             "metadata":{"generateName":"hello-","namespace":"argo",
                         "labels":{"team":"a","workflows.argoproj.io/resubmitted-from-workflow":"hello-abcde"},
                         "annotations":{"note":"x"}},
             "spec":{"entrypoint":"main"}}
            """), copy), copy.ToJsonString());
    }

    [Fact]
    public void Retry_resets_failed_nodes_and_runs_the_workflow_again()
    {
        var failed = JsonNode.Parse("""
            {"kind":"Workflow","metadata":{"name":"w","labels":{"workflows.argoproj.io/completed":"true","workflows.argoproj.io/phase":"Failed"}},
             "spec":{"entrypoint":"main","shutdown":"Terminate"},
             "status":{"phase":"Failed","finishedAt":"t","message":"boom","nodes":{
               "w":{"type":"Steps","phase":"Failed","message":"child failed","finishedAt":"t"},
               "w-1":{"type":"Pod","phase":"Succeeded"},
               "w-2":{"type":"Pod","phase":"Failed","message":"exit 1"}}}}
            """)!.AsObject();

        var retried = ArgoWorkflowObjects.Retry(failed);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"kind":"Workflow","metadata":{"name":"w","labels":{"workflows.argoproj.io/completed":"false"}},
             "spec":{"entrypoint":"main"},
             "status":{"phase":"Running","nodes":{
               "w":{"type":"Steps","phase":"Running"},
               "w-1":{"type":"Pod","phase":"Succeeded"}}}}
            """), retried), retried.ToJsonString());
    }

    [Theory]
    [InlineData("Running")]
    [InlineData("Succeeded")]
    [InlineData("")]
    public void Retry_refuses_a_workflow_that_did_not_fail(string phase)
    {
        var workflow = JsonNode.Parse($$$"""{"kind":"Workflow","metadata":{"name":"w"},"status":{"phase":"{{{phase}}}"}}""")!.AsObject();

        var error = Assert.Throws<InvalidOperationException>(() => ArgoWorkflowObjects.Retry(workflow));
        Assert.StartsWith("workflow must be Failed/Error to retry", error.Message);
    }

    [Fact]
    public void Resume_clears_suspend_and_completes_running_suspend_nodes()
    {
        var suspended = JsonNode.Parse("""
            {"spec":{"suspend":true,"entrypoint":"main"},
             "status":{"phase":"Running","nodes":{"a":{"type":"Suspend","phase":"Running"},"b":{"type":"Pod","phase":"Running"}}}}
            """)!.AsObject();

        var resumed = ArgoWorkflowObjects.Resume(suspended);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"spec":{"entrypoint":"main"},
             "status":{"phase":"Running","nodes":{"a":{"type":"Suspend","phase":"Succeeded"},"b":{"type":"Pod","phase":"Running"}}}}
            """), resumed), resumed.ToJsonString());
    }

    [Theory]
    [InlineData("suspend", """{"spec":{"suspend":true}}""")]
    [InlineData("terminate", """{"spec":{"shutdown":"Terminate"}}""")]
    [InlineData("stop", """{"spec":{"shutdown":"Stop"}}""")]
    public void Suspend_terminate_and_stop_are_the_spec_patches_argo_applies(string operation, string patch)
    {
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(patch), ArgoWorkflowObjects.SpecPatch(operation)));
    }
}
