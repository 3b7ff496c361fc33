using System.Text.Json;
using System.Text.Json.Nodes;

namespace Microservices.Events.TriggerDispatch.Executors.K8s;

/// <summary>
/// How Argo's update folds the trigger's object into the live one (mergo with override): maps merge key by key, any
/// other value in the source replaces the live one, lists whole; but an empty source value (null, "", 0, false, an
/// empty list or map) leaves the live value as it is.
/// </summary>
public static class ObjectMerge
{
    public static JsonObject Override(JsonObject live, JsonObject source)
    {
        var result = (JsonObject)live.DeepClone();
        foreach (var (key, value) in source)
        {
            if (value is JsonObject sourceMap && result[key] is JsonObject liveMap)
            {
                result[key] = Override(liveMap, sourceMap);
            }
            else if (!IsEmpty(value))
            {
                result[key] = value!.DeepClone();
            }
        }

        return result;
    }

    private static bool IsEmpty(JsonNode? value) => value switch
    {
        null => true,
        JsonObject o => o.Count == 0,
        JsonArray a => a.Count == 0,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>().Length == 0,
            JsonValueKind.False => true,
            JsonValueKind.Number => v.ToJsonString() is "0" or "0.0" or "-0",
            JsonValueKind.Null => true,
            _ => false,
        },
        _ => false,
    };
}
