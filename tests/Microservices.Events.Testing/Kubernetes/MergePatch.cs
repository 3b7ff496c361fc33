using System.Text.Json.Nodes;

namespace Microservices.Events.Testing.Kubernetes;

/// <summary>
/// JSON merge patch (RFC 7386) and the double's approximation of Kubernetes' strategic merge patch: objects merge
/// key by key and <c>null</c> deletes; under the strategic form a list whose items are all objects carrying
/// <c>name</c> (containers, env, volumes, ports with names, ...) merges item by item on <c>name</c>, and every other
/// list is replaced. The real server knows each field's merge key from the type's schema (e.g. <c>containerPort</c>)
/// and honours <c>$patch</c> / <c>$retainKeys</c> directives; the double does not.
/// </summary>
public static class MergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch, bool strategic = false)
    {
        if (patch is JsonObject patchObject)
        {
            var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : new JsonObject();
            foreach (var (key, value) in patchObject)
            {
                if (value is null)
                {
                    result.Remove(key);
                }
                else
                {
                    var merged = Apply(result[key], value, strategic);
                    result[key] = merged;
                }
            }

            return result;
        }

        if (strategic && patch is JsonArray patchList && target is JsonArray targetList && ByName(patchList) && ByName(targetList))
        {
            var result = (JsonArray)targetList.DeepClone();
            foreach (var item in patchList)
            {
                var name = item!["name"]!.ToString();
                var index = result.ToList().FindIndex(i => i!["name"]!.ToString() == name);
                if (index < 0)
                {
                    result.Add(item.DeepClone());
                }
                else
                {
                    result[index] = Apply(result[index], item, strategic);
                }
            }

            return result;
        }

        return patch?.DeepClone();
    }

    private static bool ByName(JsonArray list) =>
        list.All(i => i is JsonObject o && o["name"] is JsonValue);
}
