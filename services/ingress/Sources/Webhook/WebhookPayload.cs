using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Microservices.Events.Ingress.Sources.Webhook;

/// <summary>Argo's webhook event data: <c>{"header": {name: [values]}, "body": ..., "metadata": {...}}</c>.</summary>
public static class WebhookPayload
{
    public const string MaskedAuthorization = "*** masked ***";

    /// <summary>The body as Argo shapes it: GET → query map, form → form map, otherwise the JSON document.</summary>
    /// <exception cref="JsonException">The body is neither empty nor valid JSON.</exception>
    public static JsonNode? Body(string method, string? contentType, IEnumerable<KeyValuePair<string, StringValues>> query, byte[] body)
    {
        if (HttpMethods.IsGet(method))
        {
            return ToMap(query);
        }

        if (contentType is not null && contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return ToMap(QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)));
        }

        if (body.Length == 0)
        {
            return null;
        }

        return JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 128 });
    }

    public static JsonElement Build(IHeaderDictionary headers, JsonNode? body, IReadOnlyDictionary<string, string>? metadata)
    {
        var header = new JsonObject();
        foreach (var (name, values) in headers)
        {
            var masked = string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase)
                ? new StringValues(MaskedAuthorization)
                : values;
            header[name] = new JsonArray(masked.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
        }

        var payload = new JsonObject { ["header"] = header, ["body"] = body };
        if (metadata is { Count: > 0 })
        {
            payload["metadata"] = new JsonObject(metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)JsonValue.Create(m.Value))));
        }

        return JsonSerializer.SerializeToElement(payload);
    }

    private static JsonObject ToMap(IEnumerable<KeyValuePair<string, StringValues>> values) =>
        new(values.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)new JsonArray(kv.Value.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()))));
}
