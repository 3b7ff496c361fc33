using MassTransit;
using Microsoft.Extensions.Configuration;

namespace Microservices.Events.ServiceDefaults;

/// <summary>
/// One service's share of the bus: the consumers, sagas and definitions it hosts. Each service exposes exactly one
/// (e.g. <c>BusGatewayBus.Part</c>); a process passes the parts of the services it hosts to
/// <see cref="EventBusExtensions.AddEventBus"/>, and test harnesses pass the same part to
/// <see cref="EventBusExtensions.AddEventBusTestHarness"/>.
/// </summary>
public sealed class BusPart
{
    private readonly Action<IBusRegistrationConfigurator, IConfiguration> _configure;

    /// <param name="service">The service's name, e.g. <c>bus-gateway</c>.</param>
    /// <param name="configure">Adds its consumers and sagas; the configuration is the host's (e.g. to choose a saga repository).</param>
    public BusPart(string service, Action<IBusRegistrationConfigurator, IConfiguration> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        Service = service;
        _configure = configure;
    }

    /// <summary>A part that does not depend on configuration.</summary>
    public BusPart(string service, Action<IBusRegistrationConfigurator> configure)
        : this(service, (bus, _) => configure(bus))
    {
    }

    public string Service { get; }

    /// <summary>
    /// Its receive endpoints whose handlers wait by design — for a rate limit's slot, or retrying until a target is
    /// back — so a long time without a finished message is not a fault there (<see cref="EndpointProgressWatch"/>).
    /// </summary>
    public IReadOnlyList<string> WaitingEndpoints { get; init; } = [];

    public void Configure(IBusRegistrationConfigurator bus, IConfiguration configuration) => _configure(bus, configuration);

    public override string ToString() => Service;
}
