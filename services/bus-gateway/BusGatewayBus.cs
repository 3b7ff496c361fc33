using MassTransit;
using Microservices.Events.ServiceDefaults;

namespace Microservices.Events.BusGateway;

/// <summary>bus-gateway's share of the bus: <see cref="EventIngestedConsumer"/> on queue <c>bus-gateway</c>.</summary>
public static class BusGatewayBus
{
    public static BusPart Part { get; } = new("bus-gateway", bus => bus.AddConsumer<EventIngestedConsumer, EventIngestedConsumerDefinition>());
}
