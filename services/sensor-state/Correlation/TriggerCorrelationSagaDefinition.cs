using MassTransit;
using Microservices.Events.Contracts;
using Microservices.Events.Persistence.Sagas;
using Microservices.Events.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Microservices.Events.SensorState.Correlation;

/// <summary>
/// Endpoint <c>sensor-state-correlation</c>. Inside one process the messages of one saga instance are handled one at a
/// time (partitioned by CorrelationId), each applied to the row the store keeps; the row is written behind them, one
/// write for the changes gathered meanwhile, and each message waits for its write outside the partition
/// (<see cref="SagaWritesFilter"/>) before its messages are published and it is acknowledged. Between processes the
/// repository's optimistic concurrency decides: the loser
/// gets <see cref="ConcurrencyException"/> and is retried with a fresh load, after short randomised pauses so two
/// replicas do not collide again in step. The retry sits outside the in-memory outbox, so <c>TriggerRequested</c> is
/// published only by the attempt whose state change was saved. A grouped message whose change would make the row too
/// large is split into its matches (<see cref="GroupedMatchesSplit"/>). Other failures fall through to the bus-wide
/// retry and then the <c>_error</c> queue.
/// </summary>
public sealed class TriggerCorrelationSagaDefinition : SagaDefinition<TriggerCorrelationState>
{
    public TriggerCorrelationSagaDefinition() => EndpointName = "sensor-state-correlation";

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<TriggerCorrelationState> sagaConfigurator, IRegistrationContext context)
    {
        var bus = context.GetRequiredService<IOptions<BusOptions>>().Value;
        var limit = bus.ConcurrentMessageLimit;
        endpointConfigurator.UseMessageRetry(r =>
        {
            r.Handle<ConcurrencyException>();
            r.Exponential(25, TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(10));
        });
        GroupedMatchesSplit.Configure(endpointConfigurator, TimeSpan.FromSeconds(bus.PublishTimeoutSeconds), context.GetRequiredService<ILogger<GroupedMatchesSplit>>());
        endpointConfigurator.UseInMemoryOutbox(context);
        endpointConfigurator.UseFilter(new SagaWritesFilter());
        var partition = endpointConfigurator.CreatePartitioner(limit);
        sagaConfigurator.Message<DependencyMatched>(m => m.UsePartitioner(partition, x => x.Message.CorrelationId));
        sagaConfigurator.Message<DependenciesMatched>(m => m.UsePartitioner(partition, x => x.Message.CorrelationId));
    }
}
