using Microservices.Events.BusGateway.Mirror;
using Microservices.Events.Persistence;
using Microservices.Events.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microservices.Events.BusGateway;

/// <summary>Wires the bus-gateway service: validation, de-duplication (in the state store), publication of ingested events and their mirror.</summary>
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
        services.AddOptions<MirrorOptions>().BindConfiguration(MirrorOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MirrorOptions>, MirrorOptionsValidator>());
        services.TryAddSingleton<MirrorRetry>();
        services.TryAddSingleton<RabbitMqMirrorTarget>();
        services.TryAddSingleton<KafkaMirrorTarget>();
        services.RequireBusPart(BusGatewayBus.Part);
        return builder;
    }
}
