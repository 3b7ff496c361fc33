using MassTransit;
using Microservices.Events.Persistence;
using Microservices.Events.SensorState.Matching;
using Microservices.Events.SensorState.Outcomes;
using Microservices.Events.ServiceDefaults;
using Microservices.Events.Kubernetes.Specs;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microservices.Events.SensorState;

/// <summary>Wires the sensor-state service: the dependency index, filters, the correlation saga with its state store, and the trigger outcomes.</summary>
public static class SensorStateRegistration
{
    public static IHostApplicationBuilder AddSensorState(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSpecStatus("Sensor");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SensorStateTelemetry>();
        services.TryAddSingleton<SensorIndexHolder>();
        services.TryAddSingleton(sp => MatchedDependencyGroups.OnBus(sp.GetRequiredService<IBus>(), sp.GetRequiredService<IOptions<BusOptions>>()));
        services.TryAddSingleton<DependencyMatcher>();
        services.AddHostedService<SensorIndexWarmup>();
        services.TryAddSingleton<TriggerOutcomeBoard>();
        builder.AddEventsState();
        services.RequireBusPart(SensorStateBus.Part);
        return builder;
    }
}
