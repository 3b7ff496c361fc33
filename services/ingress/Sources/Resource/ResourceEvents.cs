using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Ingress.Sources.Resource;

/// <summary>One change of a watched object as the source reports it: ADD, UPDATE or DELETE, the object, and the object before an UPDATE when known.</summary>
public sealed record ResourceChange(string Type, JsonObject Object, JsonObject? Previous)
{
    public string Uid => Object["metadata"]?["uid"]?.GetValue<string>() ?? "";

    public string ResourceVersion => Object["metadata"]?["resourceVersion"]?.GetValue<string>() ?? "";
}

/// <summary>
/// The events of a <c>resource</c> source as pure functions: Argo's event types, the event data
/// (<c>{type, body, oldBody, group, version, resource, metadata}</c>), and the changes a fresh list means against the
/// objects known before it (the re-list after a watch expired).
/// </summary>
public static class ResourceEvents
{
    public const string Add = "ADD";
    public const string Update = "UPDATE";
    public const string Delete = "DELETE";

    /// <summary>Argo's event type of a watch event type (ADDED, MODIFIED, DELETED); null for BOOKMARK, ERROR and anything else.</summary>
    public static string? FromWatch(string? watchType) => watchType switch
    {
        "ADDED" => Add,
        "MODIFIED" => Update,
        "DELETED" => Delete,
        _ => null,
    };

    /// <summary>The event data Argo sends: <c>oldBody</c> is null unless the change is an UPDATE whose previous object is known.</summary>
    public static JsonElement Data(ResourceChange change, ResourceEventSource spec)
    {
        var data = new JsonObject
        {
            ["type"] = change.Type,
            ["body"] = change.Object.DeepClone(),
            ["oldBody"] = change.Previous?.DeepClone(),
            ["group"] = spec.Group ?? "",
            ["version"] = spec.Version ?? "",
            ["resource"] = spec.Resource ?? "",
        };
        if (spec.Metadata is { Count: > 0 } metadata)
        {
            data["metadata"] = new JsonObject(metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)JsonValue.Create(m.Value))));
        }

        return JsonSerializer.SerializeToElement(data);
    }

    /// <summary>The coordinates of a change that make its event id: the object's uid, its resourceVersion and the type.</summary>
    public static string[] Coordinates(ResourceChange change) => [change.Uid, change.ResourceVersion, change.Type];

    /// <summary>
    /// What a list of the current objects says happened since <paramref name="known"/> (by uid): an object not known is
    /// ADD, one with another resourceVersion UPDATE (with the known one as previous), a known one missing DELETE (its
    /// last known state). Ordered by resourceVersion where it is a number, deletions last.
    /// </summary>
    public static IReadOnlyList<ResourceChange> Diff(IReadOnlyDictionary<string, JsonObject> known, IReadOnlyList<JsonObject> listed)
    {
        var changes = new List<ResourceChange>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var obj in listed.OrderBy(Order))
        {
            var current = new ResourceChange(Add, obj, null);
            seen.Add(current.Uid);
            if (!known.TryGetValue(current.Uid, out var before))
            {
                changes.Add(current);
            }
            else if (before["metadata"]?["resourceVersion"]?.GetValue<string>() != current.ResourceVersion)
            {
                changes.Add(new ResourceChange(Update, obj, before));
            }
        }

        changes.AddRange(known.Where(k => !seen.Contains(k.Key)).OrderBy(k => Order(k.Value)).Select(k => new ResourceChange(Delete, k.Value, null)));
        return changes;
    }

    private static long Order(JsonObject obj) =>
        long.TryParse(obj["metadata"]?["resourceVersion"]?.GetValue<string>(), out var rv) ? rv : long.MaxValue;
}
