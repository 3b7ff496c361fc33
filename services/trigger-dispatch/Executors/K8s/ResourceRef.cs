namespace Microservices.Events.TriggerDispatch.Executors.K8s;

/// <summary>Where a kind lives in the API: group, version, plural (the URL segment) and whether it is namespaced.</summary>
public sealed record ResourceRef(string Group, string Version, string Kind, string Plural, bool Namespaced)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The collection's path: <c>api/v1/namespaces/ns/pods</c>, <c>apis/batch/v1/namespaces/ns/jobs</c>, <c>api/v1/nodes</c>.</summary>
    public string Collection(string? ns) =>
        (Group.Length == 0 ? $"api/{Version}" : $"apis/{Group}/{Version}") + (Namespaced ? $"/namespaces/{Uri.EscapeDataString(ns ?? "default")}" : "") + $"/{Plural}";

    public string Item(string? ns, string name) => $"{Collection(ns)}/{Uri.EscapeDataString(name)}";

    /// <summary>e.g. <c>jobs.batch default/hello</c>, for messages.</summary>
    public string Describe(string? ns, string? name) =>
        $"{Plural}{(Group.Length > 0 ? "." + Group : "")} {(Namespaced ? $"{ns}/" : "")}{name}";
}
