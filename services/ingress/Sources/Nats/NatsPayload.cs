using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Ingress.Sources.Consumers;

namespace Microservices.Events.Ingress.Sources.Nats;

/// <summary>
/// The data of a <c>nats</c> event as Argo shapes it (pure): <c>{subject, header: {name: [values]}, body, metadata}</c>;
/// the body is the message's JSON with <c>jsonBody</c>, else its bytes in base64.
/// </summary>
public static class NatsPayload
{
    /// <summary>The event data, or false with <paramref name="error"/> when <c>jsonBody</c> is set and the body is not JSON.</summary>
    public static bool TryBuild(
        string subject,
        IEnumerable<KeyValuePair<string, IReadOnlyList<string>>>? headers,
        ReadOnlyMemory<byte> body,
        bool jsonBody,
        IReadOnlyDictionary<string, string>? metadata,
        out JsonElement data,
        out string? error)
    {
        data = default;
        if (!EdgeBody.TryFrom(body, jsonBody, asText: false, out var bodyNode, out error))
        {
            return false;
        }

        var header = new JsonObject();
        foreach (var (name, values) in headers ?? [])
        {
            header[name] = new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
        }

        var payload = new JsonObject
        {
            ["subject"] = subject,
            ["header"] = header,
            ["body"] = bodyNode,
        };
        if (EdgeBody.Metadata(metadata) is { } meta)
        {
            payload["metadata"] = meta;
        }

        data = JsonSerializer.SerializeToElement(payload);
        return true;
    }
}
