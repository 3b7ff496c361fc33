using System.Text.Json;
using System.Text.Json.Nodes;

namespace Microservices.Events.Ingress.Sources.Minio;

/// <summary>
/// One line of MinIO's listen stream (pure): <c>{"Records": [S3 event records]}</c>, or a keep-alive (a blank line,
/// spaces, or no records). The event data is Argo's <c>{notification: [records], metadata}</c>; the event's
/// coordinates are each record's bucket, object key and sequencer (version id when there is no sequencer) and event
/// name, so the same notification delivered twice has one id.
/// </summary>
public static class MinioNotification
{
    /// <summary>The records of <paramref name="line"/>; empty for a keep-alive; null with <paramref name="problem"/> when it is not a notification.</summary>
    public static JsonArray? Records(string line, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(line))
        {
            return [];
        }

        try
        {
            if (JsonNode.Parse(line) is not JsonObject info)
            {
                problem = "the line is not a JSON object";
                return null;
            }

            return info["Records"] switch
            {
                null => [],
                JsonArray records => records,
                _ => Fail("Records is not an array", out problem),
            };
        }
        catch (JsonException ex)
        {
            problem = $"the line is not JSON ({ex.Message})";
            return null;
        }
    }

    public static JsonElement Data(JsonArray records, IReadOnlyDictionary<string, string>? metadata)
    {
        var data = new JsonObject { ["notification"] = records.DeepClone() };
        if (metadata is { Count: > 0 })
        {
            data["metadata"] = new JsonObject(metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value)));
        }

        return JsonSerializer.SerializeToElement(data);
    }

    /// <summary>Per record: bucket, key, sequencer (or version id) and event name.</summary>
    public static string[] Coordinates(JsonArray records) =>
        records.SelectMany(r =>
        {
            var s3 = r?["s3"];
            var sequencer = Text(s3?["object"]?["sequencer"]);
            return new[]
            {
                Text(s3?["bucket"]?["name"]),
                Text(s3?["object"]?["key"]),
                sequencer.Length > 0 ? sequencer : Text(s3?["object"]?["versionId"]),
                Text(r?["eventName"]),
            };
        }).ToArray();

    private static string Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";

    private static JsonArray? Fail(string reason, out string? problem)
    {
        problem = reason;
        return null;
    }
}
