using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microservices.Events.ServiceDefaults;

/// <summary>Adds MassTransit with the transport chosen by <c>Bus:Transport</c> and every registered <see cref="BusContribution"/>.</summary>
public static class EventBusExtensions
{
    public static IHostApplicationBuilder AddEventBus(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BusOptions>()
            .BindConfiguration(BusOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => IsValid(o.RabbitMq), "Bus:RabbitMq: Host is required, Port must be 1-65535 and PrefetchCount 1-65535")
            .Validate(o => o.RetryIntervalsMilliseconds.All(i => i >= 0), "Bus:RetryIntervalsMilliseconds: intervals must not be negative")
            .ValidateOnStart();

        // A receive endpoint whose channel closed (broker restart, connection loss) consumes again only after the
        // messages it was handling finished. Bounded here, so a handler stuck on a lost publisher confirmation cannot
        // keep the endpoint from consuming; MassTransit waits without limit by default.
        builder.Services.AddOptions<MassTransitHostOptions>().Configure<IOptions<BusOptions>>((host, bus) =>
        {
            host.StopTimeout = TimeSpan.FromSeconds(bus.Value.StopTimeoutSeconds);
            host.ConsumerStopTimeout = TimeSpan.FromSeconds(bus.Value.StopTimeoutSeconds * 3 / 4.0);
        });

        var options = builder.Configuration.GetSection(BusOptions.Section).Get<BusOptions>() ?? new BusOptions();
        var contributions = builder.Services
            .Select(d => d.ImplementationInstance)
            .OfType<BusContribution>()
            .ToList();

        builder.Services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
            foreach (var contribution in contributions)
            {
                contribution.Configure(x);
            }

            x.AddConfigureEndpointsCallback((context, _, endpoint) =>
            {
                var bus = context.GetRequiredService<IOptions<BusOptions>>().Value;
                endpoint.ConcurrentMessageLimit = bus.ConcurrentMessageLimit;
                if (bus.RetryIntervalsMilliseconds.Length > 0)
                {
                    endpoint.UseMessageRetry(r =>
                    {
                        r.Ignore<PermanentFailureException>();
                        r.Intervals(bus.RetryIntervalsMilliseconds);
                    });
                }
            });

            switch (options.Transport)
            {
                case BusTransport.RabbitMq:
                    x.UsingRabbitMq((context, cfg) =>
                    {
                        var rabbit = context.GetRequiredService<IOptions<BusOptions>>().Value.RabbitMq;
                        cfg.Host(rabbit.Host, (ushort)rabbit.Port, rabbit.VirtualHost, h =>
                        {
                            h.Username(rabbit.Username);
                            h.Password(rabbit.Password);
                            h.PublisherConfirmation = true;
                        });
                        cfg.PrefetchCount = rabbit.PrefetchCount;
                        cfg.ConfigureEndpoints(context);
                    });
                    break;
                default:
                    x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
                    break;
            }
        });

        return builder;
    }

    private static bool IsValid(object options) =>
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new System.ComponentModel.DataAnnotations.ValidationContext(options), null, validateAllProperties: true);
}
