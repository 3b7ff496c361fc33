using MassTransit;
using Microservices.Events.Contracts;

namespace Microservices.Events.SensorState.Matching;

/// <summary>Matches a replayed event against the dependencies of the one sensor it is addressed to (<see cref="DependencyMatcher"/>).</summary>
public sealed class EventReplayedConsumer(DependencyMatcher matcher) : IConsumer<EventReplayed>
{
    public Task Consume(ConsumeContext<EventReplayed> context) => matcher.MatchAsync(context, context.Message.Event, context.Message.Sensor);
}

/// <summary>
/// Endpoint <c>sensor-state-replay</c>: the events of one sensor's replay are matched one at a time, in the order they
/// arrived; publishes leave only after the consumer finished (in-memory outbox).
/// </summary>
public sealed class EventReplayedConsumerDefinition : ConsumerDefinition<EventReplayedConsumer>
{
    public EventReplayedConsumerDefinition() => EndpointName = "sensor-state-replay";

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<EventReplayedConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseInMemoryOutbox(context);
        consumerConfigurator.Message<EventReplayed>(m => m.UsePartitioner(16, c => c.Message.Sensor));
    }
}
