using System.Text.Json;
using System.Text.Json.Nodes;

namespace Microservices.Events.Ingress.Sources.Consumers;

/// <summary>
/// The <c>body</c> of a consumed message in its event's data, as Argo embeds it (pure): with <c>jsonBody</c> the bytes
/// parsed as JSON, else the bytes as Go's JSON writes a byte slice (base64) or, for kinds whose client hands over text
/// (redis), as a string.
/// </summary>
public static class EdgeBody
{
    /// <summary>
    /// The body node (a JSON <c>null</c> body is null), or false with <paramref name="error"/> saying why the bytes are
    /// not the JSON <paramref name="jsonBody"/> promised.
    /// </summary>
    public static bool TryFrom(ReadOnlyMemory<byte> bytes, bool jsonBody, bool asText, out JsonNode? body, out string? error)
    {
        error = null;
        if (!jsonBody)
        {
            body = asText ? JsonValue.Create(System.Text.Encoding.UTF8.GetString(bytes.Span)) : JsonValue.Create(Convert.ToBase64String(bytes.Span));
            return true;
        }

        try
        {
            body = JsonNode.Parse(bytes.Span);
            return true;
        }
        catch (JsonException ex)
        {
            body = null;
            error = $"jsonBody is set and the body is not JSON: {ex.Message}";
            return false;
        }
    }

    /// <summary>The event source's <c>metadata</c> as the payload carries it; null (left out) when there is none.</summary>
    public static JsonObject? Metadata(IReadOnlyDictionary<string, string>? metadata) => metadata is { Count: > 0 }
        ? new JsonObject(metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)JsonValue.Create(m.Value))))
        : null;
}
