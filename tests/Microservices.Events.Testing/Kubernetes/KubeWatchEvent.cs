using System.Text.Json.Nodes;

namespace Microservices.Events.Testing.Kubernetes;

/// <summary>One change as the store records it: ADDED, MODIFIED or DELETED, the object after it, and the object before.</summary>
public sealed record KubeWatchEvent(long ResourceVersion, string Type, KubeResourceType ResourceType, string Namespace, JsonObject Object, JsonObject? Previous)
{
    /// <summary>The line a watch stream carries: <c>{"type": ..., "object": ...}</c>.</summary>
    public static JsonObject Line(string type, JsonNode? obj) => new() { ["type"] = type, ["object"] = obj?.DeepClone() };
}
