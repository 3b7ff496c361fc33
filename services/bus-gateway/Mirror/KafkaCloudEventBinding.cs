using System.Net.Mime;
using System.Text;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.Extensions;
using Confluent.Kafka;

namespace Microservices.Events.BusGateway.Mirror;

/// <summary>
/// The CloudEvents Kafka protocol binding (spec 1.0), written on CloudNative.CloudEvents' <see cref="CloudEvent"/>
/// because its Kafka package is not available here. Binary mode: <c>datacontenttype</c> in the <c>content-type</c>
/// header, every other attribute in a <c>ce_&lt;name&gt;</c> header (UTF-8, the attribute's canonical string), the
/// data as the value; the <c>partitionkey</c> extension is the record key and no header. Reading also takes
/// structured mode (a <c>content-type</c> starting <c>application/cloudevents</c>: the value is the whole event).
/// </summary>
public static class KafkaCloudEventBinding
{
    public const string HeaderPrefix = "ce_";
    public const string ContentTypeHeader = "content-type";
    private const string StructuredPrefix = "application/cloudevents";

    /// <exception cref="InvalidOperationException">The event lacks a required attribute.</exception>
    public static Message<string?, byte[]?> ToBinaryMessage(CloudEvent cloudEvent, CloudEventFormatter formatter)
    {
        cloudEvent.Validate();
        var headers = new Headers { { HeaderPrefix + "specversion", Encoding.UTF8.GetBytes(cloudEvent.SpecVersion.VersionId) } };
        foreach (var (attribute, value) in cloudEvent.GetPopulatedAttributes())
        {
            if (attribute == cloudEvent.SpecVersion.DataContentTypeAttribute)
            {
                headers.Add(ContentTypeHeader, Encoding.UTF8.GetBytes((string)value));
            }
            else if (attribute.Name != Partitioning.PartitionKeyAttribute.Name)
            {
                headers.Add(HeaderPrefix + attribute.Name, Encoding.UTF8.GetBytes(attribute.Format(value)));
            }
        }

        return new Message<string?, byte[]?>
        {
            Key = cloudEvent[Partitioning.PartitionKeyAttribute.Name] as string,
            Headers = headers,
            Value = cloudEvent.Data is null ? null : formatter.EncodeBinaryModeEventData(cloudEvent).ToArray(),
        };
    }

    /// <summary>Whether the record is a CloudEvent in either mode.</summary>
    public static bool IsCloudEvent(Message<string?, byte[]?> message) =>
        Header(message, ContentTypeHeader)?.StartsWith(StructuredPrefix, StringComparison.OrdinalIgnoreCase) == true ||
        Header(message, HeaderPrefix + "specversion") is not null;

    /// <exception cref="FormatException">The record is not a CloudEvent, or an attribute or its data cannot be read; the message says which.</exception>
    public static CloudEvent ToCloudEvent(Message<string?, byte[]?> message, CloudEventFormatter formatter, IEnumerable<CloudEventAttribute>? extensions = null)
    {
        var contentType = Header(message, ContentTypeHeader);
        try
        {
            CloudEvent cloudEvent;
            if (contentType?.StartsWith(StructuredPrefix, StringComparison.OrdinalIgnoreCase) == true)
            {
                cloudEvent = formatter.DecodeStructuredModeMessage(message.Value ?? [], new ContentType(contentType), extensions);
            }
            else
            {
                var versionId = Header(message, HeaderPrefix + "specversion")
                    ?? throw new FormatException($"neither a {ContentTypeHeader} of {StructuredPrefix}… nor a {HeaderPrefix}specversion header: not a CloudEvent");
                var version = CloudEventsSpecVersion.FromVersionId(versionId) ?? throw new FormatException($"{HeaderPrefix}specversion: \"{versionId}\" is not a known version");
                cloudEvent = new CloudEvent(version, extensions);
                foreach (var header in message.Headers ?? [])
                {
                    if (header.Key.StartsWith(HeaderPrefix, StringComparison.Ordinal) && header.Key != HeaderPrefix + "specversion")
                    {
                        cloudEvent.SetAttributeFromString(header.Key[HeaderPrefix.Length..], Encoding.UTF8.GetString(header.GetValueBytes()));
                    }
                }

                cloudEvent.DataContentType = contentType;
                if (message.Value is { } value)
                {
                    formatter.DecodeBinaryModeEventData(value, cloudEvent);
                }
            }

            if (message.Key is { } key && cloudEvent[Partitioning.PartitionKeyAttribute.Name] is null)
            {
                cloudEvent.SetPartitionKey(key);
            }

            return cloudEvent.Validate();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.Text.Json.JsonException)
        {
            throw new FormatException($"not a valid CloudEvent record: {ex.Message}", ex);
        }
    }

    /// <summary>The last header of that name, as UTF-8 text.</summary>
    private static string? Header(Message<string?, byte[]?> message, string name) =>
        message.Headers is { } headers && headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
}
