namespace Microservices.Events.Specs.Model;

/// <summary>
/// Argo's ResourceEventSource: watches the objects of one resource (<c>group</c>/<c>version</c>/<c>resource</c>, the
/// plural such as <c>workflows</c>) in <c>namespace</c> (every namespace when empty; cluster-scoped resources have
/// none) and emits ADD, UPDATE and DELETE events of the <c>eventTypes</c> listed, narrowed by <c>filter</c>.
/// </summary>
public sealed record ResourceEventSource
{
    public string? Namespace { get; init; }
    public string? Group { get; init; }
    public string? Version { get; init; }
    public string? Resource { get; init; }
    public IReadOnlyList<string>? EventTypes { get; init; }
    public ResourceFilter? Filter { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}

/// <summary>
/// Argo's ResourceFilter: <c>prefix</c> of the object's name, <c>labels</c> (sent to the API server as a label
/// selector), <c>fields</c> (JSON paths into the object compared with a regular expression), <c>createdBy</c> (objects
/// created at or before this time) and <c>afterStart</c> (only changes after the listener started).
/// </summary>
public sealed record ResourceFilter
{
    public string? Prefix { get; init; }
    public IReadOnlyList<ResourceSelector>? Labels { get; init; }
    public IReadOnlyList<ResourceSelector>? Fields { get; init; }
    public string? CreatedBy { get; init; }
    public bool? AfterStart { get; init; }
}

/// <summary>One label or field requirement: <c>key</c>, <c>operation</c> (<c>==</c> when empty) and <c>value</c>.</summary>
public sealed record ResourceSelector
{
    public string? Key { get; init; }
    public string? Operation { get; init; }
    public string? Value { get; init; }
}
