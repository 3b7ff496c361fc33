using System.Globalization;
using System.Text.Json.Nodes;
using Microservices.Events.Specs.Model;
using Microservices.Events.TriggerDispatch.Executors.K8s;

namespace Microservices.Events.TriggerDispatch.Executors.ArgoWorkflow;

/// <summary>
/// The <c>argoWorkflow</c> trigger through the Kubernetes API (no <c>argo</c> command): submit creates the Workflow
/// of the source (generateName honoured); submit-from creates one from the WorkflowTemplate, ClusterWorkflowTemplate
/// or CronWorkflow the source names; resubmit creates a copy of the named Workflow; retry, resume, suspend, terminate
/// and stop change the named Workflow as the <c>argo</c> command does (see <see cref="ArgoWorkflowObjects"/>). A submitted
/// Workflow carries Argo's <c>events.argoproj.io/*</c> labels; <c>policy.k8s</c> then waits on the resulting Workflow.
/// </summary>
public sealed class ArgoWorkflowTriggerExecutor(KubernetesApi api, ResourceSource source, ResourceLabelsPolicy policy, TimeProvider time) : ITriggerExecutor
{
    public string Kind => "argoWorkflow";

    /// <summary>What trigger-level parameters may have broken: the source and the operation.</summary>
    public IReadOnlyList<string> Validate(TriggerTemplate template)
    {
        var argo = template.ArgoWorkflow;
        var problems = new List<string>();
        if (argo?.Source is null)
        {
            problems.Add("argoWorkflow.source is required");
        }

        if (!string.IsNullOrEmpty(argo?.Operation) && !ArgoWorkflowTrigger.Operations.Contains(argo.Operation))
        {
            problems.Add($"argoWorkflow.operation \"{argo.Operation}\" must be one of {string.Join(", ", ArgoWorkflowTrigger.Operations)}");
        }

        return problems;
    }

    public async Task<TriggerOutcome> ExecuteAsync(TriggerExecution execution, CancellationToken cancellationToken)
    {
        var argo = execution.Template.ArgoWorkflow!;
        var operation = string.IsNullOrEmpty(argo.Operation) ? "submit" : argo.Operation;
        try
        {
            var obj = await source.FetchAsync(argo.Source!, argo.Parameters, execution, cancellationToken);
            var workflows = await api.ResolveAsync(ArgoWorkflowObjects.ApiVersion, "Workflow", cancellationToken);
            var ns = obj["metadata"]?["namespace"]?.ToString() is { Length: > 0 } given ? given : api.DefaultNamespace;
            var name = obj["metadata"]?["name"]?.ToString();
            var (written, outcome) = operation switch
            {
                "submit" => Submitted("submitted", workflows, ns, await api.CreateAsync(workflows, ns, Stamped(WithNamespace(obj, ns), execution), cancellationToken)),
                "submit-from" => await SubmitFromAsync(obj, ns, name, workflows, cancellationToken),
                _ when name is null => (null, TriggerOutcome.Fail($"{operation}: the source names no Workflow (metadata.name)")),
                "resubmit" => Submitted($"resubmitted {name} as", workflows, ns,
                    await api.CreateAsync(workflows, ns, ArgoWorkflowObjects.Resubmit(await api.GetAsync(workflows, ns, name, cancellationToken)), cancellationToken)),
                "retry" => Changed("retried", workflows, ns, await api.UpdateAsync(workflows, ns, name, ArgoWorkflowObjects.Retry(await api.GetAsync(workflows, ns, name, cancellationToken)), cancellationToken)),
                "resume" => Changed("resumed", workflows, ns, await api.UpdateAsync(workflows, ns, name, ArgoWorkflowObjects.Resume(await api.GetAsync(workflows, ns, name, cancellationToken)), cancellationToken)),
                _ => await PatchSpecAsync(operation, workflows, ns, name, cancellationToken),
            };
            return written?["metadata"]?["name"]?.ToString() is { } writtenName
                ? await policy.ApplyAsync(execution.Trigger.Policy?.K8s, workflows, ns, writtenName, outcome, cancellationToken)
                : outcome;
        }
        catch (KubernetesApiException ex)
        {
            return TriggerOutcome.Fail($"{operation}: {ex}");
        }
        catch (Exception ex) when (ex is ResourceSourceException or InvalidOperationException)
        {
            return TriggerOutcome.Fail($"{operation}: {ex.Message}");
        }
    }

    private async Task<(JsonObject?, TriggerOutcome)> SubmitFromAsync(JsonObject obj, string ns, string? name, ResourceRef workflows, CancellationToken ct)
    {
        var kind = obj["kind"]?.ToString() ?? "";
        if (name is null)
        {
            return (null, TriggerOutcome.Fail($"submit-from: the source names no {kind} (metadata.name)"));
        }

        var templates = await api.ResolveAsync(obj["apiVersion"]?.ToString() ?? ArgoWorkflowObjects.ApiVersion, kind, ct);
        var template = await api.GetAsync(templates, templates.Namespaced ? ns : null, name, ct);
        var workflow = ArgoWorkflowObjects.FromTemplate(template, ns, obj["spec"]?["arguments"]);
        return Submitted($"submitted from {kind} {name}:", workflows, ns, await api.CreateAsync(workflows, ns, workflow, ct));
    }

    private async Task<(JsonObject?, TriggerOutcome)> PatchSpecAsync(string operation, ResourceRef workflows, string ns, string name, CancellationToken ct)
    {
        var workflow = await api.GetAsync(workflows, ns, name, ct);
        if (ArgoWorkflowObjects.IsCompleted(workflow))
        {
            return (null, TriggerOutcome.Fail($"{operation}: workflow {ns}/{name} has already completed ({workflow["status"]?["phase"]})"));
        }

        var patched = await api.PatchAsync(workflows, ns, name, ArgoWorkflowObjects.SpecPatch(operation), K8sTrigger.MergePatch, ct);
        return Changed(operation switch { "suspend" => "suspended", "terminate" => "terminated", _ => "stopped" }, workflows, ns, patched);
    }

    private static JsonObject WithNamespace(JsonObject obj, string ns)
    {
        K8sTriggerExecutor.Metadata(obj)["namespace"] = ns;
        return obj;
    }

    /// <summary>The labels Argo puts on a Workflow it submits.</summary>
    private JsonObject Stamped(JsonObject obj, TriggerExecution execution)
    {
        var metadata = K8sTriggerExecutor.Metadata(obj);
        var labels = metadata["labels"] as JsonObject ?? new JsonObject();
        labels["events.argoproj.io/sensor"] = execution.Sensor;
        labels["events.argoproj.io/trigger"] = execution.Template.Name;
        labels["events.argoproj.io/action-timestamp"] = time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        metadata["labels"] = labels;
        return obj;
    }

    private static (JsonObject?, TriggerOutcome) Submitted(string what, ResourceRef workflows, string ns, JsonObject created) =>
        (created, TriggerOutcome.Ok($"{what} {workflows.Describe(ns, created["metadata"]?["name"]?.ToString())}"));

    private static (JsonObject?, TriggerOutcome) Changed(string what, ResourceRef workflows, string ns, JsonObject changed) =>
        (changed, TriggerOutcome.Ok($"{what} {workflows.Describe(ns, changed["metadata"]?["name"]?.ToString())}"));
}
