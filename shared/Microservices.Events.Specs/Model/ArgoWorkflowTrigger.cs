namespace Microservices.Events.Specs.Model;

/// <summary>Submits an Argo Workflow, or acts on one (resubmit, retry, suspend, resume, terminate, stop).</summary>
public sealed record ArgoWorkflowTrigger
{
    public ArtifactLocation? Source { get; init; }

    /// <summary><c>submit</c> (default), <c>submit-from</c>, <c>resubmit</c>, <c>retry</c>, <c>resume</c>, <c>suspend</c>, <c>terminate</c> or <c>stop</c>.</summary>
    public string? Operation { get; init; }

    public IReadOnlyList<TriggerParameter>? Parameters { get; init; }

    /// <summary>Extra arguments of Argo's <c>argo</c> command line; no command line runs here.</summary>
    public IReadOnlyList<string>? Args { get; init; }

    public static readonly IReadOnlyList<string> Operations = ["submit", "submit-from", "resubmit", "retry", "resume", "suspend", "terminate", "stop"];

    /// <summary>The kinds <c>submit-from</c> starts a Workflow from.</summary>
    public static readonly IReadOnlyList<string> SubmitFromKinds = ["WorkflowTemplate", "ClusterWorkflowTemplate", "CronWorkflow"];
}
