using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Microservices.Events.Ingress.Sources.AzureQueueStorage;

/// <summary>
/// The event data of an Azure Queue Storage message, Argo's shape: <c>{body, messageID, insertionTime, metadata}</c>.
/// The message text is first base64-decoded with <c>decodeMessage</c>; the body is then the JSON document itself with
/// <c>jsonBody</c>, else the bytes in base64 (Go's encoding of a byte slice). <c>insertionTime</c> is written as Go writes
/// a time (RFC 3339, UTC, fractional seconds without trailing zeros); <c>metadata</c> is left out when empty.
/// </summary>
public static class AzureQueueEventData
{
    /// <summary>The data, or null with <paramref name="problem"/> when the text is not base64 or not JSON as the spec demands.</summary>
    public static JsonElement? From(string messageId, DateTimeOffset? insertedOn, string text, bool jsonBody, bool decodeMessage,
        IReadOnlyDictionary<string, string>? metadata, out string? problem)
    {
        problem = null;
        byte[] bytes;
        if (decodeMessage)
        {
            try
            {
                bytes = Convert.FromBase64String(text);
            }
            catch (FormatException)
            {
                problem = "decodeMessage is set and the message text is not base64";
                return null;
            }
        }
        else
        {
            bytes = Encoding.UTF8.GetBytes(text);
        }

        JsonNode? body;
        if (jsonBody)
        {
            try
            {
                body = JsonNode.Parse(bytes);
            }
            catch (JsonException ex)
            {
                problem = $"jsonBody is set and the body is not JSON ({ex.Message})";
                return null;
            }
        }
        else
        {
            body = Convert.ToBase64String(bytes);
        }

        var data = new JsonObject
        {
            ["body"] = body,
            ["messageID"] = messageId,
            ["insertionTime"] = GoTime(insertedOn ?? DateTimeOffset.UnixEpoch),
        };
        if (metadata is { Count: > 0 })
        {
            data["metadata"] = new JsonObject(metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value)));
        }

        return JsonSerializer.SerializeToElement(data);
    }

    /// <summary>Go's RFC 3339 form of a UTC time: <c>2024-05-01T10:00:00Z</c>, <c>2024-05-01T10:00:00.5Z</c>.</summary>
    public static string GoTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF", CultureInfo.InvariantCulture).TrimEnd('.') + "Z";
}
