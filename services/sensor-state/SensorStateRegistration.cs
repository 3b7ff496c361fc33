using MassTransit;
using Microservices.Events.SensorState.Correlation;
using Microservices.Events.SensorState.Matching;
using Microservices.Events.ServiceDefaults;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microservices.Events.SensorState;

/// <summary>Wires the sensor-state service: the dependency index, filters, and the correlation saga.</summary>
public static class SensorStateRegistration
{
    public static IHostApplicationBuilder AddSensorState(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSpecCatalog();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SensorStateTelemetry>();
        services.TryAddSingleton<SensorIndexHolder>();
        BusContribution.Register(services, "sensor-state", ConfigureBus);
        return builder;
    }

    /// <summary>The consumers and saga of sensor-state, for any bus registration (also the test harness).</summary>
    public static void ConfigureBus(IBusRegistrationConfigurator x)
    {
        x.AddConsumer<EventPublishedConsumer, EventPublishedConsumerDefinition>();
        x.AddSagaStateMachine<TriggerCorrelationStateMachine, TriggerCorrelationState, TriggerCorrelationSagaDefinition>()
            .InMemoryRepository();
    }
}
