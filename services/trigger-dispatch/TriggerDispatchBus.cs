using MassTransit;
using Microservices.Events.ServiceDefaults;
using Microservices.Events.TriggerDispatch.Execution;

namespace Microservices.Events.TriggerDispatch;

/// <summary>
/// trigger-dispatch's share of the bus: <see cref="TriggerRequestedConsumer"/> on queue <c>trigger-dispatch</c>, whose
/// handlers wait by design (a rate limit's slot, a trigger's retry backoff).
/// </summary>
public static class TriggerDispatchBus
{
    public static BusPart Part { get; } = new("trigger-dispatch", bus => bus.AddConsumer<TriggerRequestedConsumer, TriggerRequestedConsumerDefinition>())
    {
        WaitingEndpoints = [TriggerRequestedConsumerDefinition.QueueName],
    };
}
