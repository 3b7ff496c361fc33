using System.Text.Json.Nodes;

namespace Microservices.Events.Testing.Kubernetes;

/// <summary>Argo Events custom resources (<c>argoproj.io/v1alpha1</c>) for the API double, and the status written back to them.</summary>
public static class ArgoResources
{
    public const string ApiVersion = "argoproj.io/v1alpha1";

    /// <summary>An EventSource or Sensor named <paramref name="name"/> in <paramref name="ns"/> with the JSON <paramref name="spec"/>.</summary>
    public static JsonObject Resource(string kind, string name, string spec, string ns = "argo") => new()
    {
        ["apiVersion"] = ApiVersion,
        ["kind"] = kind,
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = JsonNode.Parse(spec),
    };

    /// <summary>The status conditions of a resource on <paramref name="api"/>, by type (none when it has no status).</summary>
    public static Dictionary<string, JsonObject> Conditions(this KubernetesApiDouble api, string kind, string name, string ns = "argo") =>
        (api.Find(ApiVersion, kind, ns, name)?["status"]?["conditions"] as JsonArray ?? [])
        .OfType<JsonObject>().ToDictionary(c => c["type"]!.GetValue<string>());
}
