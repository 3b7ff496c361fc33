using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Microservices.Events.Ingress.Sources.Kafka;

/// <summary>A message as the payload mapping needs it: where it is, its key, value, timestamp and headers.</summary>
public sealed record KafkaRecord(string Topic, int Partition, long Offset, byte[]? Key, byte[]? Value, long TimestampMilliseconds, IReadOnlyList<(string Name, byte[]? Value)> Headers)
{
    /// <summary><c>topic/partition@offset</c>, for logs.</summary>
    public string Coordinates => string.Create(CultureInfo.InvariantCulture, $"{Topic}/{Partition}@{Offset}");
}

/// <summary>
/// Argo's kafka event data (pure): <c>{topic, key, partition, body, timestamp, headers, metadata}</c>. <c>key</c> and
/// header values are the bytes as UTF-8 text (a repeated header keeps its last value); <c>body</c> is the value as
/// base64 text, or, with <c>jsonBody</c>, the value as JSON (a value that is not JSON is malformed); <c>timestamp</c> is
/// Go's time format in UTC (<c>2006-01-02 15:04:05.999 +0000 UTC</c>); <c>metadata</c> only when the spec has some.
/// </summary>
public static class KafkaPayload
{
    /// <summary>The event data, or why the message cannot become one.</summary>
    public sealed record Result(JsonElement? Data, string? Malformed);

    public static Result From(KafkaRecord record, bool jsonBody, IReadOnlyDictionary<string, string>? metadata)
    {
        JsonNode? body;
        if (record.Value is null)
        {
            body = null;
        }
        else if (!jsonBody)
        {
            body = JsonValue.Create(Convert.ToBase64String(record.Value));
        }
        else
        {
            try
            {
                body = JsonNode.Parse(record.Value);
            }
            catch (JsonException ex)
            {
                return new(null, $"jsonBody is set and the value is not JSON ({ex.Message})");
            }
        }

        var headers = new JsonObject();
        foreach (var (name, value) in record.Headers)
        {
            headers[name] = value is null ? "" : Encoding.UTF8.GetString(value);
        }

        var data = new JsonObject
        {
            ["topic"] = record.Topic,
            ["key"] = record.Key is null ? "" : Encoding.UTF8.GetString(record.Key),
            ["partition"] = record.Partition,
            ["body"] = body,
            ["timestamp"] = GoTimestamp(record.TimestampMilliseconds),
            ["headers"] = headers,
        };
        if (metadata is { Count: > 0 })
        {
            data["metadata"] = new JsonObject(metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)JsonValue.Create(m.Value))));
        }

        return new(JsonSerializer.SerializeToElement(data), null);
    }

    /// <summary>Go's <c>time.Time.String()</c> of a Kafka timestamp in UTC, e.g. <c>2024-05-01 10:00:00.25 +0000 UTC</c>.</summary>
    public static string GoTimestamp(long unixMilliseconds)
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).UtcDateTime;
        var fraction = time.ToString("fff", CultureInfo.InvariantCulture).TrimEnd('0');
        return $"{time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}{(fraction.Length > 0 ? "." + fraction : "")} +0000 UTC";
    }
}
