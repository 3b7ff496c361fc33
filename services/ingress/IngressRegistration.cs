using Microservices.Events.Ingress.Calendar;
using Microservices.Events.Ingress.Publishing;
using Microservices.Events.Ingress.Webhooks;
using Microservices.Events.ServiceDefaults;
using Microservices.Events.Specs.Sources;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microservices.Events.Ingress;

/// <summary>Wires the ingress service: event sources (webhook, calendar) that turn external occurrences into events on the bus.</summary>
public static class IngressRegistration
{
    public static IHostApplicationBuilder AddIngress(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<IngressOptions>()
            .BindConfiguration(IngressOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSpecCatalog();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SecretResolver>();
        services.TryAddSingleton<IngressTelemetry>();
        services.TryAddSingleton<EventFactory>();
        services.TryAddSingleton<EventSourceFilterGate>();
        services.TryAddSingleton<IEventIngestor, BusEventIngestor>();
        services.TryAddSingleton<WebhookRouteTable>();
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, WebhookKestrelSetup>();

        // Webhook listeners are opened explicitly alongside the configured URLs; Kestrel's notice that it
        // "overrides" those URLs is expected, not a problem.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Error);
        services.AddHostedService<CalendarService>();

        services.RequireBusPart(IngressBus.Part);
        return builder;
    }

    public static WebApplication UseIngress(this WebApplication app)
    {
        app.UseMiddleware<WebhookMiddleware>();
        return app;
    }
}
