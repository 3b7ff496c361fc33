using MassTransit;
using Microservices.Events.Contracts;

namespace Microservices.Events.SensorState.Matching;

/// <summary>Matches every published event against the dependencies of every sensor (<see cref="DependencyMatcher"/>).</summary>
public sealed class EventPublishedConsumer(DependencyMatcher matcher) : IConsumer<EventPublished>
{
    public Task Consume(ConsumeContext<EventPublished> context) => matcher.MatchAsync(context, context.Message.Event, onlySensor: null);
}

/// <summary>Endpoint <c>sensor-state-matcher</c>; publishes leave only after the consumer finished (in-memory outbox).</summary>
public sealed class EventPublishedConsumerDefinition : ConsumerDefinition<EventPublishedConsumer>
{
    public EventPublishedConsumerDefinition() => EndpointName = "sensor-state-matcher";

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<EventPublishedConsumer> consumerConfigurator, IRegistrationContext context) =>
        endpointConfigurator.UseInMemoryOutbox(context);
}
