using Microservices.Events.Persistence;
using Microservices.Events.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microservices.Events.BusGateway;

/// <summary>Wires the bus-gateway service: validation, de-duplication (in the state store) and publication of ingested events.</summary>
public static class BusGatewayRegistration
{
    public static IHostApplicationBuilder AddBusGateway(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        builder.AddEventsState();
        services.TryAddSingleton<GatewayTelemetry>();
        services.RequireBusPart(BusGatewayBus.Part);
        return builder;
    }
}
