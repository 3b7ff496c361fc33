using MassTransit;
using Microservices.Events.Contracts;

namespace Microservices.Events.Ingress.Publishing;

/// <summary>Sends <see cref="EventIngested"/> to the bus-gateway queue; the send completes when the transport accepted it (publisher confirm on RabbitMQ).</summary>
public sealed class BusEventIngestor(IBus bus, TimeProvider time) : IEventIngestor
{
    private static readonly Uri GatewayQueue = new($"queue:{EndpointNames.BusGateway}");

    public async Task IngestAsync(EventEnvelope @event, CancellationToken cancellationToken)
    {
        var endpoint = await bus.GetSendEndpoint(GatewayQueue);
        await endpoint.Send(new EventIngested { Event = @event, ReceivedAt = time.GetUtcNow() }, cancellationToken);
    }
}
