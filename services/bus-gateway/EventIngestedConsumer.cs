using MassTransit;
using Microservices.Events.Contracts;
using Microservices.Events.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Microservices.Events.BusGateway;

/// <summary>Validates an ingested event, drops a repeated (source, id) inside the window, and publishes <see cref="EventPublished"/>.</summary>
public sealed class EventIngestedConsumer(
    DeduplicationWindow window,
    GatewayTelemetry telemetry,
    TimeProvider time,
    IOptions<GatewayOptions> options,
    ILogger<EventIngestedConsumer> logger) : IConsumer<EventIngested>
{
    public async Task Consume(ConsumeContext<EventIngested> context)
    {
        var @event = context.Message.Event;
        var settings = options.Value;
        var errors = CloudEventValidator.Validate(@event, settings.MaxDataBytes);
        if (errors.Count > 0)
        {
            telemetry.Invalid.Add(1, new KeyValuePair<string, object?>("event_source", @event.Source));
            throw new InvalidCloudEventException(@event.Id, errors);
        }

        var span = TimeSpan.FromSeconds(settings.DeduplicationWindowSeconds);
        if (span > TimeSpan.Zero && !window.TryReserve(@event.Source, @event.Id, span))
        {
            telemetry.Duplicated.Add(1, new KeyValuePair<string, object?>("event_source", @event.Source));
            logger.LogInformation("Dropped duplicate event {EventId} from {EventSource}", @event.Id, @event.Source);
            return;
        }

        try
        {
            var now = time.GetUtcNow();
            await context.Publish(new EventPublished { Event = @event, ReceivedAt = context.Message.ReceivedAt, PublishedAt = now }, context.CancellationToken);
            telemetry.Published.Add(1, new KeyValuePair<string, object?>("event_source", @event.Source), new KeyValuePair<string, object?>("event_type", @event.Type));
            telemetry.Latency.Record((now - context.Message.ReceivedAt).TotalMilliseconds);
        }
        catch
        {
            window.Release(@event.Source, @event.Id);
            throw;
        }
    }
}

/// <summary>Endpoint <c>bus-gateway</c>: the queue ingress sends to.</summary>
public sealed class EventIngestedConsumerDefinition : ConsumerDefinition<EventIngestedConsumer>
{
    public EventIngestedConsumerDefinition() => EndpointName = EndpointNames.BusGateway;
}

/// <summary>An event whose CloudEvent attributes are unusable; it goes to the <c>_error</c> queue without retries.</summary>
public sealed class InvalidCloudEventException(string id, IReadOnlyList<string> errors)
    : PermanentFailureException($"invalid CloudEvent \"{id}\": {string.Join("; ", errors)}");
