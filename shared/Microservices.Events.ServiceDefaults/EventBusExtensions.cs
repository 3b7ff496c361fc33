using MassTransit;
using Microservices.Events.ServiceDefaults.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microservices.Events.ServiceDefaults;

/// <summary>
/// Adds MassTransit with the transport chosen by <c>Bus:Transport</c> and the given <see cref="BusPart"/>s: exactly one
/// call per process, with the part of every service it hosts, in any order relative to the services' <c>AddXxx()</c>.
/// </summary>
public static class EventBusExtensions
{
    /// <summary>The bus of a process hosting the services whose <paramref name="parts"/> are given.</summary>
    /// <exception cref="InvalidOperationException">Called twice, without parts, or with one part twice.</exception>
    public static IHostApplicationBuilder AddEventBus(this IHostApplicationBuilder builder, params BusPart[] parts)
    {
        var options = builder.Configuration.GetSection(BusOptions.Section).Get<BusOptions>() ?? new BusOptions();
        return builder.AddBus(nameof(AddEventBus), parts, options.Transport, configure => builder.Services.AddMassTransit(configure));
    }

    /// <summary>
    /// The same bus on MassTransit's test harness (<c>ITestHarness</c>, always in memory), for tests that host a service
    /// with its real bus part, retry and endpoint settings.
    /// </summary>
    public static IHostApplicationBuilder AddEventBusTestHarness(this IHostApplicationBuilder builder, params BusPart[] parts) =>
        builder.AddBus(nameof(AddEventBusTestHarness), parts, BusTransport.InMemory, configure => builder.Services.AddMassTransitTestHarness(configure));

    private static IHostApplicationBuilder AddBus(
        this IHostApplicationBuilder builder,
        string addedBy,
        BusPart[] parts,
        BusTransport transport,
        Action<Action<IBusRegistrationConfigurator>> addMassTransit)
    {
        RecordParts(builder.Services, addedBy, parts);
        builder.Services.AddOptions<BusOptions>()
            .BindConfiguration(BusOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => IsValid(o.RabbitMq), "Bus:RabbitMq: Host is required, Port must be 1-65535, PrefetchCount 1-65535 and ContinuationTimeoutSeconds 1-3600")
            .Validate(o => o.RetryIntervals().All(i => i >= 0), "Bus:RetryIntervalsMilliseconds: intervals must not be negative")
            .Validate(o => o.TransientRetryIntervals().All(i => i >= 0), "Bus:TransientRetryIntervalsMilliseconds: intervals must not be negative")
            .ValidateOnStart();

        // A receive endpoint whose channel closed (broker restart, connection loss) consumes again only after the
        // messages it was handling finished. Bounded here, so a handler stuck on a lost publisher confirmation cannot
        // keep the endpoint from consuming; MassTransit waits without limit by default.
        builder.Services.AddOptions<MassTransitHostOptions>().Configure<IOptions<BusOptions>>((host, bus) =>
        {
            host.StopTimeout = TimeSpan.FromSeconds(bus.Value.StopTimeoutSeconds);
            host.ConsumerStopTimeout = TimeSpan.FromSeconds(bus.Value.StopTimeoutSeconds * 3 / 4.0);
        });

        // Polled by /alive: an endpoint that does not recover by itself gets its process restarted.
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<StalledEndpointCheck>();
        builder.Services.AddHealthChecks().AddCheck<StalledEndpointCheck>("bus-endpoints-stalled", tags: [ServiceDefaultsExtensions.LiveTag]);

        // An endpoint holding messages without finishing any fails readiness, then liveness.
        builder.Services.TryAddSingleton<EndpointProgressWatch>();
        builder.Services.AddHealthChecks().AddCheck<EndpointProgressWatch>("bus-endpoints-progress", tags: [ServiceDefaultsExtensions.LiveTag]);

        // A channel whose broker operation timed out is closed and replaced instead of being used again.
        builder.Services.TryAddSingleton<TimedOutChannelReplacement>();

        // A connection the broker blocks (a resource alarm) is logged, counted and fails readiness until unblocked.
        if (transport == BusTransport.RabbitMq)
        {
            builder.Services.AddSingleton<BrokerConnectionWatch>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<BrokerConnectionWatch>());
            builder.Services.AddHealthChecks().AddCheck<BrokerConnectionCheck>(BrokerConnectionCheck.Name);

            // An endpoint whose channel closed is not ready until MassTransit reports it consuming again, and fails
            // liveness should that never happen.
            builder.Services.TryAddSingleton<EndpointChannelWatch>();
            builder.Services.AddHealthChecks().AddCheck<EndpointChannelWatch>("bus-endpoints-channels", tags: [ServiceDefaultsExtensions.LiveTag]);
            builder.Services.AddReceiveEndpointObserver(sp => sp.GetRequiredService<EndpointChannelWatch>());

            // Messages still handled long after their connection closed are cancelled, so its shutdown can finish.
            builder.Services.TryAddSingleton<ClosedConnectionRelease>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<ClosedConnectionRelease>());
        }

        var configuration = builder.Configuration;
        addMassTransit(x =>
        {
            // MassTransit reports the bus's configuration to its authors after start unless told not to; a service
            // running in someone's cluster sends nothing it was not configured to send.
            x.DisableUsageTelemetry();
            x.SetKebabCaseEndpointNameFormatter();
            foreach (var part in parts)
            {
                part.Configure(x, configuration);
            }

            x.AddConfigureEndpointsCallback((context, _, endpoint) =>
            {
                var bus = context.GetRequiredService<IOptions<BusOptions>>().Value;
                endpoint.ConcurrentMessageLimit = bus.ConcurrentMessageLimit;
                var schedule = RedeliverySchedule.From(bus);
                if (schedule.Any)
                {
                    // One filter for both schedules: a failure because the state database is away waits for it first
                    // (Bus:TransientRetryIntervalsMilliseconds), and what still fails after that uses up the
                    // redeliveries (Bus:RetryIntervalsMilliseconds) on its way to _error.
                    endpoint.UseMessageRetry(r =>
                    {
                        r.Ignore<PermanentFailureException>();
                        r.SetRetryPolicy(filter => new RedeliveryPolicy(filter, schedule));
                        r.ConnectRetryObserver(context.GetRequiredService<EndpointProgressWatch>());
                        if (transport == BusTransport.RabbitMq)
                        {
                            r.ConnectRetryObserver(context.GetRequiredService<TimedOutChannelReplacement>());
                        }
                    });
                }
            });

            switch (transport)
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
                            h.ContinuationTimeout(TimeSpan.FromSeconds(rabbit.ContinuationTimeoutSeconds));
                            h.OnRefreshConnectionFactory = context.GetRequiredService<BrokerConnectionWatch>().ConnectionOpening;
                        });
                        cfg.PrefetchCount = rabbit.PrefetchCount;
                        cfg.ConfigureJsonSerializerOptions(CompactJson);
                        cfg.AddDeserializer(new SinglePassEnvelopeDeserializer.Factory(), isDefault: true);
                        cfg.ConnectConsumeObserver(context.GetRequiredService<TimedOutChannelReplacement>());
                        cfg.ConnectConsumeObserver(context.GetRequiredService<BrokerConnectionWatch>());
                        cfg.ConnectReceiveObserver(context.GetRequiredService<EndpointProgressWatch>());
                        cfg.ConnectReceiveObserver(context.GetRequiredService<EndpointChannelWatch>());
                        cfg.ConnectReceiveObserver(context.GetRequiredService<ClosedConnectionRelease>());
                        cfg.ConfigureEndpoints(context);
                    });
                    break;
                default:
                    x.UsingInMemory((context, cfg) =>
                    {
                        cfg.ConnectReceiveObserver(context.GetRequiredService<EndpointProgressWatch>());
                        cfg.ConfigureJsonSerializerOptions(CompactJson);
                        cfg.AddDeserializer(new SinglePassEnvelopeDeserializer.Factory(), isDefault: true);
                        cfg.ConfigureEndpoints(context);
                    });
                    break;
            }
        });

        return builder;
    }

    /// <summary>
    /// MassTransit writes its JSON envelope indented by default: about a fifth of a message's bytes are spaces and line
    /// breaks that every hop writes, the broker stores and the next hop reads. Any JSON reader reads both forms. The
    /// options are MassTransit's process-wide serializer options, so every bus of the process writes compact JSON.
    /// </summary>
    private static System.Text.Json.JsonSerializerOptions CompactJson(System.Text.Json.JsonSerializerOptions options)
    {
        options.WriteIndented = false;
        return options;
    }

    private static void RecordParts(IServiceCollection services, string addedBy, BusPart[] parts)
    {
        if (services.Select(d => d.ImplementationInstance).OfType<AppliedBusParts>().FirstOrDefault() is { } earlier)
        {
            throw new InvalidOperationException(
                $"{addedBy} was called after {earlier.AddedBy}({string.Join(", ", earlier.Services)}): a process has one bus; pass the bus part of every service it hosts to one call");
        }

        if (parts.Length == 0)
        {
            throw new InvalidOperationException($"{addedBy} needs the bus part of every service this process hosts, e.g. {addedBy}(BusGatewayBus.Part)");
        }

        if (parts.GroupBy(p => p.Service, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new InvalidOperationException($"{addedBy} was given the bus part of {twice.Key} more than once");
        }

        services.AddSingleton(new AppliedBusParts(parts.Select(p => p.Service).ToList(), addedBy));
        services.AddSingleton(new WaitingEndpoints(parts.SelectMany(p => p.WaitingEndpoints).ToHashSet(StringComparer.Ordinal)));
        services.AddWiringCheck();
    }

    private static bool IsValid(object options) =>
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new System.ComponentModel.DataAnnotations.ValidationContext(options), null, validateAllProperties: true);
}
