using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Ingress.Sources.Generic;

/// <summary>The event data of a <c>generic</c> event (pure): Argo's <c>{body, metadata}</c>.</summary>
public static class GenericEvents
{
    /// <summary>
    /// <c>body</c> is the payload as JSON with <c>jsonBody</c> (a payload that is not JSON is refused with the reason),
    /// else its bytes as a base64 string (how Go encodes bytes); <c>metadata</c> only when the spec has some.
    /// </summary>
    public static bool TryData(GenericEventSource spec, ReadOnlyMemory<byte> payload, out JsonElement data, out string? problem)
    {
        JsonNode? body;
        if (spec.JsonBody == true)
        {
            try
            {
                body = JsonNode.Parse(payload.Span);
            }
            catch (JsonException ex)
            {
                data = default;
                problem = $"the payload is not JSON (jsonBody is true): {ex.Message}";
                return false;
            }
        }
        else
        {
            body = JsonValue.Create(Convert.ToBase64String(payload.Span));
        }

        var obj = new JsonObject { ["body"] = body };
        if (spec.Metadata is { Count: > 0 } metadata)
        {
            obj["metadata"] = new JsonObject(metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)JsonValue.Create(m.Value))));
        }

        data = JsonSerializer.SerializeToElement(obj);
        problem = null;
        return true;
    }
}
