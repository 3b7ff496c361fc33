using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microservices.Events.Ingress.Sources.Consumers;
using RabbitMQ.Client;

namespace Microservices.Events.Ingress.Sources.Amqp;

/// <summary>
/// The event data of an AMQP delivery, Argo's AMQPEventData: <c>contentType, contentEncoding, deliveryMode, priority,
/// correlationId, replyTo, expiration, messageId, timestamp, type, appId, exchange, routingKey, headers, body,
/// metadata</c>, and the event id: from the message id when the publisher set one, else from the whole message
/// (exchange, routing key, properties, headers and body), which a redelivery repeats exactly. Pure.
/// </summary>
public static class AmqpPayload
{
    /// <summary>The data, or false with the reason when the body is not what <paramref name="jsonBody"/> expects.</summary>
    public static bool TryCreate(
        string exchange, string routingKey, IReadOnlyBasicProperties properties, ReadOnlySequence<byte> body, bool jsonBody,
        IReadOnlyDictionary<string, string>? metadata, out JsonObject? data, out string? error)
    {
        data = null;
        if (!MessageBody.TryRead(body, jsonBody, out var bodyNode, out error))
        {
            return false;
        }

        data = new JsonObject
        {
            ["contentType"] = properties.ContentType ?? "",
            ["contentEncoding"] = properties.ContentEncoding ?? "",
            ["deliveryMode"] = (int)properties.DeliveryMode,
            ["priority"] = (int)properties.Priority,
            ["correlationId"] = properties.CorrelationId ?? "",
            ["replyTo"] = properties.ReplyTo ?? "",
            ["expiration"] = properties.Expiration ?? "",
            ["messageId"] = properties.MessageId ?? "",
            ["timestamp"] = GoTimestamp(properties.IsTimestampPresent() ? properties.Timestamp.UnixTime : null),
            ["type"] = properties.Type ?? "",
            ["appId"] = properties.AppId ?? "",
            ["exchange"] = exchange,
            ["routingKey"] = routingKey,
        };
        if (properties.Headers is { Count: > 0 } headers)
        {
            data["headers"] = Headers(headers);
        }

        data["body"] = bodyNode;
        if (MessageBody.Metadata(metadata) is { } meta)
        {
            data["metadata"] = meta;
        }

        return true;
    }

    /// <summary>
    /// The coordinates the event id is built from: the message id when there is one, else a digest of the delivery's
    /// exchange, routing key, properties and body (a delivery tag is not kept across reconnects, the content is).
    /// </summary>
    public static string[] IdCoordinates(string exchange, string routingKey, IReadOnlyBasicProperties properties, ReadOnlySequence<byte> body)
    {
        if (properties.MessageId is { Length: > 0 } messageId)
        {
            return ["message-id", messageId];
        }

        var described = new JsonObject
        {
            ["exchange"] = exchange,
            ["routingKey"] = routingKey,
            ["contentType"] = properties.ContentType,
            ["contentEncoding"] = properties.ContentEncoding,
            ["correlationId"] = properties.CorrelationId,
            ["replyTo"] = properties.ReplyTo,
            ["expiration"] = properties.Expiration,
            ["timestamp"] = properties.IsTimestampPresent() ? properties.Timestamp.UnixTime : null,
            ["type"] = properties.Type,
            ["appId"] = properties.AppId,
            ["userId"] = properties.UserId,
            ["headers"] = properties.Headers is { Count: > 0 } headers ? Headers(headers) : null,
        };
        return ["content", described.ToJsonString(), MessageBody.Digest(body)];
    }

    /// <summary>Seconds since the Unix epoch as Go's <c>time.Time.String()</c> in UTC; Go's zero time when absent.</summary>
    public static string GoTimestamp(long? unixSeconds) =>
        (unixSeconds is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : DateTimeOffset.MinValue)
        .ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " +0000 UTC";

    /// <summary>AMQP header values as JSON: long strings (bytes) as UTF-8 text, timestamps as Go time strings, tables and arrays nested.</summary>
    public static JsonObject Headers(IDictionary<string, object?> headers) =>
        new(headers.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => KeyValuePair.Create(h.Key, Value(h.Value))));

    private static JsonNode? Value(object? value) => value switch
    {
        null => null,
        byte[] bytes => JsonValue.Create(Encoding.UTF8.GetString(bytes)),
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        AmqpTimestamp timestamp => JsonValue.Create(GoTimestamp(timestamp.UnixTime)),
        IDictionary<string, object?> table => Headers(table),
        IEnumerable list => new JsonArray(list.Cast<object?>().Select(Value).ToArray()),
        sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal => JsonSerializer.SerializeToNode(value),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };
}
