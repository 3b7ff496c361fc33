using MassTransit;
using Microservices.Events.Contracts;
using Microservices.Events.Persistence.Claims;
using Microservices.Events.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Microservices.Events.BusGateway;

/// <summary>
/// Validates an ingested event, drops a repeated (source, id) inside the window, and publishes <see cref="EventPublished"/>.
/// The (source, id) is reserved before publishing, confirmed after the bus accepted it and released when publishing
/// failed; a reservation held by another process is waited for (it publishes now, or died and its lease runs out).
/// </summary>
public sealed class EventIngestedConsumer(
    DeduplicationStore deduplication,
    GatewayTelemetry telemetry,
    TimeProvider time,
    IOptions<GatewayOptions> options,
    IOptions<BusOptions> bus,
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
        var deduplicate = span > TimeSpan.Zero;
        if (deduplicate && await deduplication.ReserveAsync(@event.Source, @event.Id, span, context.CancellationToken) == ClaimOutcome.Completed)
        {
            telemetry.Duplicated.Add(1, new KeyValuePair<string, object?>("event_source", @event.Source));
            logger.LogInformation("Dropped duplicate event {EventId} from {EventSource}", @event.Id, @event.Source);
            return;
        }

        var now = time.GetUtcNow();
        try
        {
            await context.PublishWithin(new EventPublished { Event = @event, ReceivedAt = context.Message.ReceivedAt, PublishedAt = now }, TimeSpan.FromSeconds(bus.Value.PublishTimeoutSeconds));
        }
        catch (Exception ex)
        {
            if (deduplicate)
            {
                await ReleaseAsync(@event, ex);
            }

            throw;
        }

        telemetry.EventPublished(@event.Source, @event.Type);
        telemetry.Latency.Record((now - context.Message.ReceivedAt).TotalMilliseconds, new KeyValuePair<string, object?>("event_source", @event.Source));
        if (deduplicate)
        {
            await ConfirmAsync(@event, span);
        }
    }

    /// <summary>
    /// The event is on the bus; failing the message now would publish it again. If the confirmation cannot be written,
    /// the reservation lapses after its lease and only a later repeat of the event is published again.
    /// </summary>
    private async Task ConfirmAsync(EventEnvelope @event, TimeSpan window)
    {
        try
        {
            if (!await deduplication.ConfirmAsync(@event.Source, @event.Id, window, CancellationToken.None))
            {
                logger.LogWarning("Event {EventId} from {EventSource} was published after its reservation lapsed; a repeat may be published again", @event.Id, @event.Source);
            }
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Event {EventId} from {EventSource} was published but could not be recorded; a repeat within the window may be published again", @event.Id, @event.Source);
        }
    }

    private async Task ReleaseAsync(EventEnvelope @event, Exception failure)
    {
        try
        {
            await deduplication.ReleaseAsync(@event.Source, @event.Id, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not release the reservation of event {EventId} from {EventSource} after {Failure}; a redelivery waits for its lease", @event.Id, @event.Source, failure.GetType().Name);
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
