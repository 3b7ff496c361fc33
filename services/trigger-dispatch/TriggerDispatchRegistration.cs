using Microservices.Events.Persistence;
using Microservices.Events.ServiceDefaults;
using Microservices.Events.Kubernetes.Specs;
using Microservices.Events.Specs.Sources;
using Microservices.Events.TriggerDispatch.Execution;
using Microservices.Events.TriggerDispatch.Executors;
using Microservices.Events.TriggerDispatch.Failures;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microservices.Events.TriggerDispatch;

/// <summary>Wires the trigger-dispatch service: executors, the firing ledger and failed firings (in the state store), rate limits, redrives and the request consumer.</summary>
public static class TriggerDispatchRegistration
{
    public static IHostApplicationBuilder AddTriggerDispatch(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DispatchOptions>()
            .BindConfiguration(DispatchOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSpecSource();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DispatchTelemetry>();
        services.TryAddSingleton<TriggerRegistry>();
        builder.AddEventsState();
        services.TryAddSingleton<TriggerRateLimiters>();
        services.TryAddSingleton<TriggerRetries>();
        services.TryAddSingleton<FailedFiringRecorder>();
        services.TryAddSingleton<FailedFiringRedrive>();
        services.AddTriggerExecutors();
        services.RequireBusPart(TriggerDispatchBus.Part);
        return builder;
    }
}
