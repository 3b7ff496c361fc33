namespace Microservices.Events.Testing.Kubernetes;

/// <summary>
/// One kind the Kubernetes API double serves: its group/version, kind, plural (the URL segment), whether it lives in a
/// namespace, and whether it has a <c>status</c> subresource (then the main resource ignores status changes).
/// </summary>
public sealed record KubeResourceType(string Group, string Version, string Kind, string Plural, bool Namespaced = true, bool HasStatus = true)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string SingularName => Kind.ToLowerInvariant();

    /// <summary>Core kinds, batch/v1 Job, apps/v1 Deployment and Argo's kinds, as a cluster with Argo Workflows and Argo Events installed has them.</summary>
    public static IReadOnlyList<KubeResourceType> Defaults { get; } =
    [
        new("", "v1", "Namespace", "namespaces", Namespaced: false),
        new("", "v1", "Pod", "pods"),
        new("", "v1", "ConfigMap", "configmaps", HasStatus: false),
        new("", "v1", "Secret", "secrets", HasStatus: false),
        new("", "v1", "Service", "services"),
        new("", "v1", "ServiceAccount", "serviceaccounts", HasStatus: false),
        new("", "v1", "Node", "nodes", Namespaced: false),
        new("batch", "v1", "Job", "jobs"),
        new("batch", "v1", "CronJob", "cronjobs"),
        new("apps", "v1", "Deployment", "deployments"),
        new("coordination.k8s.io", "v1", "Lease", "leases", HasStatus: false),
        // Argo Workflows' CRDs enable no status subresource: its controller writes status with the object.
        new("argoproj.io", "v1alpha1", "Workflow", "workflows", HasStatus: false),
        new("argoproj.io", "v1alpha1", "WorkflowTemplate", "workflowtemplates", HasStatus: false),
        new("argoproj.io", "v1alpha1", "ClusterWorkflowTemplate", "clusterworkflowtemplates", Namespaced: false, HasStatus: false),
        new("argoproj.io", "v1alpha1", "CronWorkflow", "cronworkflows", HasStatus: false),
        new("argoproj.io", "v1alpha1", "EventSource", "eventsources"),
        new("argoproj.io", "v1alpha1", "Sensor", "sensors"),
        new("argoproj.io", "v1alpha1", "EventBus", "eventbus"),
    ];
}
