using Microservices.Events.Ingress.Publishing;
using Microservices.Events.Ingress.Sources;
using Microservices.Events.Persistence;
using Microservices.Events.ServiceDefaults;
using Microservices.Events.Kubernetes.Specs;
using Microservices.Events.Specs.Sources;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microservices.Events.Ingress;

/// <summary>Wires the ingress service: the event-source kinds (see <see cref="EventSourceKinds"/>), how their events reach the bus, and the state store (calendar ticks).</summary>
public static class IngressRegistration
{
    public static IHostApplicationBuilder AddIngress(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<IngressOptions>()
            .BindConfiguration(IngressOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSpecStatus("EventSource");
        builder.AddEventsState();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SecretResolver>();
        services.TryAddSingleton<IngressTelemetry>();
        services.TryAddSingleton<EventFactory>();
        services.TryAddSingleton<Sources.Consumers.EdgeServices>();
        services.TryAddSingleton<EventSourceFilterGate>();
        services.TryAddSingleton<IEventIngestor, BusEventIngestor>();
        services.TryAddSingleton<EventSourceKindRegistry>();
        services.AddEventSourceKinds();
        services.AddHostedService<EventSourceHost>();
        services.AddHealthChecks().AddCheck<EventSourceHealthCheck>("event-sources");
        services.RequireBusPart(IngressBus.Part);
        return builder;
    }

    /// <summary>The request handling of the kinds that serve HTTP (webhook ports), ahead of the service's own endpoints.</summary>
    public static WebApplication UseIngress(this WebApplication app)
    {
        EventSourceRequests.UseEventSourceRequests(app);
        return app;
    }
}
