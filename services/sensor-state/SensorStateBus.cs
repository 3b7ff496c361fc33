using MassTransit;
using Microservices.Events.Persistence;
using Microservices.Events.Persistence.Sagas;
using Microservices.Events.SensorState.Correlation;
using Microservices.Events.SensorState.Matching;
using Microservices.Events.SensorState.Outcomes;
using Microservices.Events.ServiceDefaults;

namespace Microservices.Events.SensorState;

/// <summary>
/// sensor-state's share of the bus: the matcher on <c>sensor-state-matcher</c>, replays into one sensor on
/// <c>sensor-state-replay</c>, the correlation saga (stored in the
/// state database unless <c>State:Provider</c> is <c>InMemory</c>) and the trigger outcomes on <c>sensor-state-trigger-outcomes</c>.
/// </summary>
public static class SensorStateBus
{
    public static BusPart Part { get; } = new("sensor-state", (bus, configuration) =>
        Configure(bus, useSqlRepository: StateRegistration.ConfiguredProvider(configuration) != StateProvider.InMemory));

    /// <summary>
    /// The consumers and saga of sensor-state. The saga lives in the state database (<c>saga_trigger_correlation_state</c>)
    /// when <paramref name="useSqlRepository"/> is set, else in memory.
    /// </summary>
    public static void Configure(IBusRegistrationConfigurator bus, bool useSqlRepository)
    {
        bus.AddConsumer<EventPublishedConsumer, EventPublishedConsumerDefinition>();
        bus.AddConsumer<EventReplayedConsumer, EventReplayedConsumerDefinition>();
        bus.AddConsumer<TriggerOutcomeConsumer, TriggerOutcomeConsumerDefinition>();
        var saga = bus.AddSagaStateMachine<TriggerCorrelationStateMachine, TriggerCorrelationState, TriggerCorrelationSagaDefinition>();
        if (useSqlRepository)
        {
            saga.SqlRepository();
        }
        else
        {
            saga.InMemoryRepository();
        }
    }
}
