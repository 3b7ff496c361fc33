using MassTransit;
using Microservices.Events.Persistence;
using Microservices.Events.Persistence.Sagas;
using Microservices.Events.SensorState.Correlation;
using Microservices.Events.SensorState.Matching;
using Microservices.Events.ServiceDefaults;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microservices.Events.SensorState;

/// <summary>Wires the sensor-state service: the dependency index, filters, and the correlation saga with its state store.</summary>
public static class SensorStateRegistration
{
    public static IHostApplicationBuilder AddSensorState(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSpecCatalog();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SensorStateTelemetry>();
        services.TryAddSingleton<SensorIndexHolder>();
        services.AddHostedService<SensorIndexWarmup>();
        builder.AddEventsState();
        var useSqlRepository = StateRegistration.ConfiguredProvider(builder.Configuration) != StateProvider.InMemory;
        BusContribution.Register(services, "sensor-state", x => ConfigureBus(x, useSqlRepository));
        return builder;
    }

    /// <summary>
    /// The consumers and saga of sensor-state, for any bus registration (also the test harness). The saga lives in the
    /// state database (<c>saga_trigger_correlation_state</c>) when <paramref name="useSqlRepository"/> is set, else in memory.
    /// </summary>
    public static void ConfigureBus(IBusRegistrationConfigurator x, bool useSqlRepository)
    {
        x.AddConsumer<EventPublishedConsumer, EventPublishedConsumerDefinition>();
        var saga = x.AddSagaStateMachine<TriggerCorrelationStateMachine, TriggerCorrelationState, TriggerCorrelationSagaDefinition>();
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
