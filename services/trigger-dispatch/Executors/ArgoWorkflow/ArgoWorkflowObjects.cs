using System.Text.Json.Nodes;

namespace Microservices.Events.TriggerDispatch.Executors.ArgoWorkflow;

/// <summary>
/// What Argo's command line does to Workflow objects, as pure functions over their JSON, so the operations can go
/// through the Kubernetes API: a Workflow from a template, a resubmitted copy, a retried, resumed, suspended or shut
/// down Workflow. Argo's controller then acts on the object as it does after the <c>argo</c> command.
/// </summary>
public static class ArgoWorkflowObjects
{
    public const string ApiVersion = "argoproj.io/v1alpha1";
    private const string Label = "workflows.argoproj.io/";
    private static readonly string[] Completed = ["Succeeded", "Failed", "Error"];

    /// <summary><c>argo submit --from kind/name</c>: a Workflow referring to a (Cluster)WorkflowTemplate, or a CronWorkflow's workflowSpec.</summary>
    public static JsonObject FromTemplate(JsonObject template, string? ns, JsonNode? arguments)
    {
        var kind = template["kind"]?.ToString();
        var name = template["metadata"]?["name"]?.ToString() ?? throw new InvalidOperationException("the template has no metadata.name");
        var labels = new JsonObject();
        var annotations = new JsonObject();
        JsonObject spec;
        switch (kind)
        {
            case "WorkflowTemplate":
                labels[Label + "workflow-template"] = name;
                spec = new JsonObject { ["workflowTemplateRef"] = new JsonObject { ["name"] = name } };
                break;
            case "ClusterWorkflowTemplate":
                labels[Label + "cluster-workflow-template"] = name;
                spec = new JsonObject { ["workflowTemplateRef"] = new JsonObject { ["name"] = name, ["clusterScope"] = true } };
                break;
            case "CronWorkflow":
                labels[Label + "cron-workflow"] = name;
                spec = template["spec"]?["workflowSpec"]?.DeepClone() as JsonObject ?? throw new InvalidOperationException($"CronWorkflow {name} has no spec.workflowSpec");
                if (template["spec"]?["workflowMetadata"] is JsonObject workflowMetadata)
                {
                    Copy(workflowMetadata["labels"], labels);
                    Copy(workflowMetadata["annotations"], annotations);
                }

                break;
            default:
                throw new InvalidOperationException($"cannot submit a Workflow from a {kind}; only from a WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow");
        }

        if (arguments is JsonObject)
        {
            spec["arguments"] = arguments.DeepClone();
        }

        var metadata = new JsonObject { ["generateName"] = name + "-", ["labels"] = labels };
        if (annotations.Count > 0)
        {
            metadata["annotations"] = annotations;
        }

        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        return new JsonObject { ["apiVersion"] = ApiVersion, ["kind"] = "Workflow", ["metadata"] = metadata, ["spec"] = spec };
    }

    /// <summary>
    /// <c>argo resubmit</c>: a new Workflow with the old one's spec, labels (less the controller's) and annotations,
    /// named from its generateName or its name, labelled with the Workflow it was resubmitted from; not suspended or shut down.
    /// </summary>
    public static JsonObject Resubmit(JsonObject workflow)
    {
        var old = workflow["metadata"] as JsonObject ?? new JsonObject();
        var name = old["name"]?.ToString() ?? throw new InvalidOperationException("the Workflow has no metadata.name");
        var labels = new JsonObject();
        foreach (var (key, value) in old["labels"] as JsonObject ?? [])
        {
            if (key is not (Label + "completed" or Label + "phase" or Label + "workflow-archiving-status" or Label + "resubmitted-from-workflow"))
            {
                labels[key] = value?.DeepClone();
            }
        }

        labels[Label + "resubmitted-from-workflow"] = name;
        var metadata = new JsonObject
        {
            ["generateName"] = old["generateName"]?.ToString() is { Length: > 0 } generate ? generate : name + "-",
            ["namespace"] = old["namespace"]?.DeepClone(),
            ["labels"] = labels,
        };
        if (old["annotations"] is JsonObject annotations)
        {
            metadata["annotations"] = annotations.DeepClone();
        }

        var spec = workflow["spec"]?.DeepClone() as JsonObject ?? new JsonObject();
        spec.Remove("shutdown");
        spec.Remove("suspend");
        return new JsonObject { ["apiVersion"] = ApiVersion, ["kind"] = "Workflow", ["metadata"] = metadata, ["spec"] = spec };
    }

    /// <summary>
    /// <c>argo retry</c>: a Failed or Error Workflow runs again from its failed steps: failed pod nodes are dropped from
    /// the status (the controller creates them again), failed group nodes and the Workflow go back to Running, and the
    /// shutdown and the completed label are cleared.
    /// </summary>
    public static JsonObject Retry(JsonObject workflow)
    {
        var phase = workflow["status"]?["phase"]?.ToString();
        if (phase is not ("Failed" or "Error"))
        {
            throw new InvalidOperationException($"workflow must be Failed/Error to retry (it is {(string.IsNullOrEmpty(phase) ? "not started" : phase)})");
        }

        var retried = (JsonObject)workflow.DeepClone();
        var status = (JsonObject)retried["status"]!;
        status["phase"] = "Running";
        status.Remove("finishedAt");
        status.Remove("message");
        if (status["nodes"] is JsonObject nodes)
        {
            foreach (var (id, node) in nodes.ToList())
            {
                if (node?["phase"]?.ToString() is not ("Failed" or "Error"))
                {
                    continue;
                }

                if (node["type"]?.ToString() is "Pod" or "Retry" or "Skipped" or null)
                {
                    nodes.Remove(id);
                }
                else if (node is JsonObject group)
                {
                    group["phase"] = "Running";
                    group.Remove("finishedAt");
                    group.Remove("message");
                }
            }
        }

        (retried["spec"] as JsonObject)?.Remove("shutdown");
        if (retried["metadata"]?["labels"] is JsonObject labels)
        {
            labels[Label + "completed"] = "false";
            labels.Remove(Label + "phase");
        }

        return retried;
    }

    /// <summary><c>argo resume</c>: <c>spec.suspend</c> cleared and every running suspend node marked Succeeded.</summary>
    public static JsonObject Resume(JsonObject workflow)
    {
        var resumed = (JsonObject)workflow.DeepClone();
        (resumed["spec"] as JsonObject)?.Remove("suspend");
        foreach (var (_, node) in resumed["status"]?["nodes"] as JsonObject ?? [])
        {
            if (node is JsonObject n && n["type"]?.ToString() == "Suspend" && n["phase"]?.ToString() == "Running")
            {
                n["phase"] = "Succeeded";
            }
        }

        return resumed;
    }

    /// <summary>The merge patch of <c>argo suspend</c>, <c>terminate</c> and <c>stop</c>.</summary>
    public static JsonObject SpecPatch(string operation) => operation switch
    {
        "suspend" => new JsonObject { ["spec"] = new JsonObject { ["suspend"] = true } },
        "terminate" => new JsonObject { ["spec"] = new JsonObject { ["shutdown"] = "Terminate" } },
        "stop" => new JsonObject { ["spec"] = new JsonObject { ["shutdown"] = "Stop" } },
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "not a spec patch operation"),
    };

    /// <summary>Whether the Workflow has finished (Argo refuses to suspend or shut down one that has).</summary>
    public static bool IsCompleted(JsonObject workflow) => Completed.Contains(workflow["status"]?["phase"]?.ToString());

    private static void Copy(JsonNode? from, JsonObject to)
    {
        foreach (var (key, value) in from as JsonObject ?? [])
        {
            to[key] = value?.DeepClone();
        }
    }
}
