using MassTransit;
using Microservices.Events.Contracts;

namespace Microservices.Events.BusGateway.Mirror;

/// <summary>
/// Copies each published event to the mirror exchange (queue <c>bus-gateway-mirror-rabbitmq</c>): acknowledged only
/// after the broker confirmed the copy, retried until it does.
/// </summary>
public sealed class RabbitMqMirrorConsumer(RabbitMqMirrorTarget target, MirrorRetry retry, GatewayTelemetry telemetry) : IConsumer<EventPublished>
{
    public async Task Consume(ConsumeContext<EventPublished> context)
    {
        var @event = context.Message.Event;
        var cloudEvent = MirrorConversion.ToCloudEvent(@event, withPartitionKey: false);
        var routingKey = MirrorRoutingKey.For(@event.Source, @event.Subject);
        await retry.RunAsync("rabbitmq", token => target.WriteAsync(cloudEvent, routingKey, token), context.CancellationToken);
        telemetry.Mirrored.Add(1, new KeyValuePair<string, object?>("target", "rabbitmq"));
    }
}

/// <summary>Endpoint <c>bus-gateway-mirror-rabbitmq</c>, one event of a (source, event name) at a time.</summary>
public sealed class RabbitMqMirrorConsumerDefinition : ConsumerDefinition<RabbitMqMirrorConsumer>
{
    public const string QueueName = "bus-gateway-mirror-rabbitmq";

    public RabbitMqMirrorConsumerDefinition() => EndpointName = QueueName;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<RabbitMqMirrorConsumer> consumerConfigurator, IRegistrationContext context) =>
        consumerConfigurator.Message<EventPublished>(m => m.UsePartitioner(MirrorConversion.Partitions, c => CloudEventConversion.PartitionKey(c.Message.Event)));
}
