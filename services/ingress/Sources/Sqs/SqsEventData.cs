using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.SQS.Model;

namespace Microservices.Events.Ingress.Sources.Sqs;

/// <summary>
/// The event data of an SQS message, Argo's shape: <c>{messageId, messageAttributes, body, metadata}</c>. Each message
/// attribute is written as Argo writes the AWS SDK's MessageAttributeValue (<c>BinaryListValues</c>,
/// <c>BinaryValue</c> (base64), <c>DataType</c>, <c>StringListValues</c>, <c>StringValue</c>, null when absent), sorted
/// by name. The body is the JSON document itself with <c>jsonBody</c>, else the body's UTF-8 bytes in base64 (Go's
/// encoding of a byte slice); <c>metadata</c> is left out when empty.
/// </summary>
public static class SqsEventData
{
    /// <summary>The data, or null with <paramref name="problem"/> when <c>jsonBody</c> is set and the body is not JSON.</summary>
    public static JsonElement? From(Message message, bool jsonBody, IReadOnlyDictionary<string, string>? metadata, out string? problem)
    {
        problem = null;
        JsonNode? body;
        if (jsonBody)
        {
            try
            {
                body = JsonNode.Parse(message.Body ?? "");
            }
            catch (JsonException ex)
            {
                problem = $"jsonBody is set and the body is not JSON ({ex.Message})";
                return null;
            }
        }
        else
        {
            body = Convert.ToBase64String(Encoding.UTF8.GetBytes(message.Body ?? ""));
        }

        var attributes = new JsonObject();
        foreach (var (name, value) in (message.MessageAttributes ?? []).OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            attributes[name] = Attribute(value);
        }

        var data = new JsonObject
        {
            ["messageId"] = message.MessageId,
            ["messageAttributes"] = attributes,
            ["body"] = body,
        };
        if (metadata is { Count: > 0 })
        {
            data["metadata"] = new JsonObject(metadata.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value)));
        }

        return JsonSerializer.SerializeToElement(data);
    }

    private static JsonObject Attribute(MessageAttributeValue value) => new()
    {
        ["BinaryListValues"] = value.BinaryListValues is { Count: > 0 } binaries ? new JsonArray(binaries.Select(b => (JsonNode?)Base64(b)).ToArray()) : null,
        ["BinaryValue"] = value.BinaryValue is { } binary ? Base64(binary) : null,
        ["DataType"] = value.DataType,
        ["StringListValues"] = value.StringListValues is { Count: > 0 } strings ? new JsonArray(strings.Select(s => (JsonNode?)s).ToArray()) : null,
        ["StringValue"] = value.StringValue,
    };

    private static string Base64(MemoryStream stream) => Convert.ToBase64String(stream.ToArray());
}
