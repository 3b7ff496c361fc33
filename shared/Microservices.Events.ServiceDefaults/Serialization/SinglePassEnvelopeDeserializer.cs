using System.Net.Mime;
using System.Runtime.Serialization;
using System.Text.Json;
using MassTransit;
using MassTransit.Serialization;

namespace Microservices.Events.ServiceDefaults.Serialization;

/// <summary>
/// Reads MassTransit's JSON envelope (<c>application/vnd.masstransit+json</c>) with one parse of the body, in place of
/// MassTransit's own reader, which copies the body into a document of its own, reads the envelope out of that, and
/// copies the message into a second document. What it hands MassTransit is the same:
/// its <see cref="SystemTextJsonSerializerContext"/> over the envelope (<see cref="ParsedEnvelope"/>), with the same
/// serializer options, so messages, headers and addresses come out as MassTransit's reader makes them, and what
/// MassTransit writes (forwarded and faulted messages included) is unchanged.
/// </summary>
public sealed class SinglePassEnvelopeDeserializer : IMessageDeserializer
{
    public static readonly SinglePassEnvelopeDeserializer Instance = new();

    public ContentType ContentType => SystemTextJsonMessageSerializer.JsonContentType;

    public void Probe(ProbeContext context)
    {
        var scope = context.CreateScope("json");
        scope.Add("contentType", ContentType.MediaType);
        scope.Add("provider", "System.Text.Json, one parse");
    }

    public ConsumeContext Deserialize(ReceiveContext receiveContext) =>
        new BodyConsumeContext(receiveContext, Deserialize(receiveContext.Body, receiveContext.TransportHeaders, receiveContext.InputAddress));

    public SerializerContext Deserialize(MessageBody body, Headers headers, Uri? destinationAddress = null)
    {
        var options = SystemTextJsonMessageSerializer.Options;
        try
        {
            var document = JsonDocument.Parse(body.GetBytes(), DocumentOptions(options));
            var envelope = ParsedEnvelope.From(document.RootElement, options)
                ?? throw new SerializationException("Message envelope not found");
            if (envelope.Message is null)
            {
                throw new SerializationException("The message envelope has no message");
            }

            var context = new EnvelopeMessageContext(envelope, SystemTextJsonMessageSerializer.Instance);
            return new SystemTextJsonSerializerContext(SystemTextJsonMessageSerializer.Instance, options, ContentType, context,
                envelope.MessageType ?? [], envelope);
        }
        catch (SerializationException)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw new SerializationException("The message envelope could not be read", ex);
        }
    }

    public MessageBody GetMessageBody(string text) => new StringMessageBody(text);

    private static JsonDocumentOptions DocumentOptions(JsonSerializerOptions options) => new()
    {
        AllowTrailingCommas = options.AllowTrailingCommas,
        CommentHandling = options.ReadCommentHandling,
        MaxDepth = options.MaxDepth,
    };

    /// <summary>Registers the reader for MassTransit's JSON content type; MassTransit's writer stays as it is.</summary>
    public sealed class Factory : ISerializerFactory
    {
        public ContentType ContentType => SystemTextJsonMessageSerializer.JsonContentType;

        public IMessageSerializer CreateSerializer() => SystemTextJsonMessageSerializer.Instance;

        public IMessageDeserializer CreateDeserializer() => Instance;
    }
}
