using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Ingress.Sources.Consumers;

namespace Microservices.Events.Ingress.Sources.Redis;

/// <summary>The data of <c>redis</c> and <c>redisStream</c> events as Argo shapes them (pure).</summary>
public static class RedisPayload
{
    /// <summary>
    /// A pub/sub message: <c>{channel, pattern, body, metadata}</c>; <c>pattern</c> is the subscribed pattern that
    /// matched, empty for a channel subscribed by name; the body is the message's JSON with <c>jsonBody</c>, else its text.
    /// </summary>
    public static bool TryMessage(string channel, string pattern, ReadOnlyMemory<byte> body, bool jsonBody, IReadOnlyDictionary<string, string>? metadata, out JsonElement data, out string? error)
    {
        data = default;
        if (!EdgeBody.TryFrom(body, jsonBody, asText: true, out var bodyNode, out error))
        {
            return false;
        }

        data = Finish(new JsonObject { ["channel"] = channel, ["pattern"] = pattern, ["body"] = bodyNode }, metadata);
        return true;
    }

    /// <summary>A stream entry: <c>{stream, message_id, values: {field: value}, metadata}</c>.</summary>
    public static JsonElement Entry(string stream, string id, IEnumerable<KeyValuePair<string, string>> values, IReadOnlyDictionary<string, string>? metadata)
    {
        var fields = new JsonObject();
        foreach (var (field, value) in values)
        {
            fields[field] = value;
        }

        return Finish(new JsonObject { ["stream"] = stream, ["message_id"] = id, ["values"] = fields }, metadata);
    }

    private static JsonElement Finish(JsonObject payload, IReadOnlyDictionary<string, string>? metadata)
    {
        if (EdgeBody.Metadata(metadata) is { } meta)
        {
            payload["metadata"] = meta;
        }

        return JsonSerializer.SerializeToElement(payload);
    }
}
