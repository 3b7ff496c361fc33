using System.Text.Json.Nodes;

namespace Microservices.Events.Kubernetes.Specs;

/// <summary>
/// What of an EventSource or Sensor read from the API server is its spec document: apiVersion, kind, spec and the
/// metadata a manifest carries (name, namespace, labels, annotations but kubectl's last-applied copy, uid, generation,
/// creationTimestamp). The server's bookkeeping (resourceVersion, managedFields, …) and the status are left out, so a
/// status write or a resync leaves the document as it was and reloads nothing.
/// </summary>
public static class CustomResourceDocument
{
    private const string LastApplied = "kubectl.kubernetes.io/last-applied-configuration";
    private static readonly string[] KeptMetadata = ["name", "namespace", "generateName", "labels", "annotations", "uid", "generation", "creationTimestamp"];

    /// <summary>The spec document of <paramref name="resource"/> (a copy).</summary>
    public static JsonObject Of(JsonObject resource)
    {
        var document = new JsonObject();
        foreach (var (key, value) in resource)
        {
            if (key is "status" or "metadata")
            {
                continue;
            }

            document[key] = value?.DeepClone();
        }

        var metadata = new JsonObject();
        if (resource["metadata"] is JsonObject source)
        {
            foreach (var key in KeptMetadata)
            {
                if (source[key] is { } value)
                {
                    metadata[key] = value.DeepClone();
                }
            }

            if (metadata["annotations"] is JsonObject annotations)
            {
                annotations.Remove(LastApplied);
                if (annotations.Count == 0)
                {
                    metadata.Remove("annotations");
                }
            }
        }

        document["metadata"] = metadata;
        return document;
    }

    /// <summary>The catalog's key of a resource: <c>{plural}/{namespace}/{name}</c>, also the "file" its findings name.</summary>
    public static string Key(string plural, JsonObject resource) =>
        $"{plural}/{resource["metadata"]?["namespace"]?.GetValue<string>() ?? ""}/{resource["metadata"]?["name"]?.GetValue<string>() ?? ""}";
}
