using System.Text.Json;
using MassTransit;
using MassTransit.Serialization;
using Microservices.Events.Contracts;

namespace Microservices.Events.Bench;

/// <summary>
/// The body bus-gateway would publish for webhook event <c>n</c> of event source <c>bench</c> (even numbers on
/// <c>a</c>, odd on <c>b</c>): an <see cref="EventPublished"/> in MassTransit's JSON envelope, written with
/// MassTransit's own envelope type and serializer options (compact, as the services write it), so sensor-state reads
/// it as it reads the gateway's. Only the message id, type, sent time and message are set: the addresses, headers and
/// host block that MassTransit's send adds are left out.
/// </summary>
public static class PublishedEventBody
{
    public const string ContentType = "application/vnd.masstransit+json";

    /// <summary>The exchange MassTransit publishes <see cref="EventPublished"/> to (its entity name for the type).</summary>
    public const string Exchange = "Microservices.Events.Contracts:EventPublished";

    private static readonly JsonSerializerOptions Options = new(SystemTextJsonMessageSerializer.Options) { WriteIndented = false };

    private static readonly string[] MessageType = [MessageUrn.ForTypeString<EventPublished>()];

    public static string Subject(int n) => n % 2 == 0 ? "a" : "b";

    public static byte[] For(int n, Guid messageId, DateTimeOffset now)
    {
        using var data = JsonDocument.Parse($$"""{"header":{},"body":{{System.Text.Encoding.UTF8.GetString(Payload.For(n))}}}""");
        var published = new EventPublished
        {
            Event = new EventEnvelope
            {
                Id = messageId.ToString("N"),
                Source = "bench",
                Type = "webhook",
                Subject = Subject(n),
                Time = now,
                Data = data.RootElement.Clone(),
            },
            ReceivedAt = now,
            PublishedAt = now,
        };
        var envelope = new JsonMessageEnvelope
        {
            MessageId = messageId.ToString(),
            MessageType = MessageType,
            Message = published,
            SentTime = now.UtcDateTime,
        };
        return JsonSerializer.SerializeToUtf8Bytes(envelope, Options);
    }
}
