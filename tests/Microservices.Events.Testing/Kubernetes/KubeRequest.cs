using System.Text.Json.Nodes;

namespace Microservices.Events.Testing.Kubernetes;

/// <summary>
/// A resource request as the double understood it, for <see cref="KubernetesApiDouble.Intercept"/>: the verb
/// (get, list, watch, create, update, patch, delete), the type, namespace, name, subresource, body and patch content type.
/// </summary>
public sealed record KubeRequest(string Verb, KubeResourceType Type, string? Namespace, string? Name, string? Subresource, JsonNode? Body, string? ContentType)
{
    /// <summary>The request's Authorization header, if any (the double accepts any credentials).</summary>
    public string? Authorization { get; init; }

    /// <summary>The <c>resourceVersion</c> a list or watch asked from, if any.</summary>
    public string? ResourceVersion { get; init; }
}
