using MassTransit;
using Microservices.Events.Contracts;

namespace Microservices.Events.BusGateway.Mirror;

/// <summary>
/// Copies each published event to the mirror topic (queue <c>bus-gateway-mirror-kafka</c>): acknowledged only after
/// the brokers persisted the record, retried until they do.
/// </summary>
public sealed class KafkaMirrorConsumer(KafkaMirrorTarget target, MirrorRetry retry, GatewayTelemetry telemetry) : IConsumer<EventPublished>
{
    public async Task Consume(ConsumeContext<EventPublished> context)
    {
        var cloudEvent = MirrorConversion.ToCloudEvent(context.Message.Event, withPartitionKey: true);
        await retry.RunAsync("kafka", token => target.WriteAsync(cloudEvent, token), context.CancellationToken);
        telemetry.Mirrored.Add(1, new KeyValuePair<string, object?>("target", "kafka"));
    }
}

/// <summary>Endpoint <c>bus-gateway-mirror-kafka</c>, one event of a (source, event name) at a time.</summary>
public sealed class KafkaMirrorConsumerDefinition : ConsumerDefinition<KafkaMirrorConsumer>
{
    public const string QueueName = "bus-gateway-mirror-kafka";

    public KafkaMirrorConsumerDefinition() => EndpointName = QueueName;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<KafkaMirrorConsumer> consumerConfigurator, IRegistrationContext context) =>
        consumerConfigurator.Message<EventPublished>(m => m.UsePartitioner(MirrorConversion.Partitions, c => CloudEventConversion.PartitionKey(c.Message.Event)));
}
