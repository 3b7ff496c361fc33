using MassTransit;
using Microservices.Events.BusGateway.Mirror;
using Microservices.Events.ServiceDefaults;
using Microsoft.Extensions.Configuration;

namespace Microservices.Events.BusGateway;

/// <summary>
/// bus-gateway's share of the bus: <see cref="EventIngestedConsumer"/> on queue <c>bus-gateway</c>, and for each mirror
/// target enabled in <c>Gateway:Mirror</c> its consumer of <c>EventPublished</c> (<c>bus-gateway-mirror-rabbitmq</c>,
/// <c>bus-gateway-mirror-kafka</c>). A mirror consumer retries its write until the target is back, so those two endpoints
/// wait by design.
/// </summary>
public static class BusGatewayBus
{
    public static BusPart Part { get; } = new("bus-gateway", (bus, configuration) =>
    {
        bus.AddConsumer<EventIngestedConsumer, EventIngestedConsumerDefinition>();
        var mirror = configuration.GetSection(MirrorOptions.Section).Get<MirrorOptions>() ?? new MirrorOptions();
        if (mirror.RabbitMq.Enabled)
        {
            bus.AddConsumer<RabbitMqMirrorConsumer, RabbitMqMirrorConsumerDefinition>();
        }

        if (mirror.Kafka.Enabled)
        {
            bus.AddConsumer<KafkaMirrorConsumer, KafkaMirrorConsumerDefinition>();
        }
    })
    {
        WaitingEndpoints = [RabbitMqMirrorConsumerDefinition.QueueName, KafkaMirrorConsumerDefinition.QueueName],
    };
}
