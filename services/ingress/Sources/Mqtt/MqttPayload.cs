using System.Buffers;
using System.Text.Json.Nodes;
using Microservices.Events.Ingress.Sources.Consumers;

namespace Microservices.Events.Ingress.Sources.Mqtt;

/// <summary>
/// The event data of an MQTT message, Argo's MQTTEventData <c>{topic, messageId, body, metadata}</c> (<c>messageId</c>
/// is the packet identifier), and the coordinates of its event id. Pure.
/// </summary>
public static class MqttPayload
{
    /// <summary>The data, or false with the reason when the body is not what <paramref name="jsonBody"/> expects.</summary>
    public static bool TryCreate(string topic, ushort packetId, ReadOnlySequence<byte> payload, bool jsonBody, IReadOnlyDictionary<string, string>? metadata,
        out JsonObject? data, out string? error)
    {
        data = null;
        if (!MessageBody.TryRead(payload, jsonBody, out var body, out error))
        {
            return false;
        }

        data = new JsonObject { ["topic"] = topic, ["messageId"] = (int)packetId, ["body"] = body };
        if (MessageBody.Metadata(metadata) is { } meta)
        {
            data["metadata"] = meta;
        }

        return true;
    }

    /// <summary>
    /// What the event id is built from, or null for a fresh id. A QoS 1 message the broker sends again (a session
    /// resumed after ingress stopped before acknowledging it) keeps its packet identifier, topic and payload, so those
    /// give the same id. A retained message, sent anew on every subscription, is known by its topic and payload. A QoS 0
    /// message is never sent twice: it gets a fresh id, so equal payloads are not merged.
    /// </summary>
    public static string[]? IdCoordinates(string topic, ushort packetId, bool qos0, bool retained, ReadOnlySequence<byte> payload) =>
        retained ? ["retained", topic, MessageBody.Digest(payload)]
        : qos0 ? null
        : ["packet", topic, packetId.ToString(System.Globalization.CultureInfo.InvariantCulture), MessageBody.Digest(payload)];
}
