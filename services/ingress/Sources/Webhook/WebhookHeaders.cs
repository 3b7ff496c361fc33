using System.Text.Json.Nodes;

namespace Microservices.Events.Ingress.Sources.Webhook;

/// <summary>Request headers as Go's <c>http.Header</c> marshals them: <c>{name: [values]}</c>.</summary>
public static class WebhookHeaders
{
    public static JsonObject ToJson(IHeaderDictionary headers) =>
        new(headers.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)new JsonArray(h.Value.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()))));

    public static JsonObject? Metadata(IReadOnlyDictionary<string, string>? metadata) => metadata is { Count: > 0 }
        ? new JsonObject(metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)JsonValue.Create(m.Value))))
        : null;
}
