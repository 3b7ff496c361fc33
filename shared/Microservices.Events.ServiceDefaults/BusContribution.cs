using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Microservices.Events.ServiceDefaults;

/// <summary>
/// A service's share of the bus configuration (its consumers and sagas). Each service registers one;
/// <see cref="EventBusExtensions.AddEventBus"/> applies them all, so one process can host one service or all four.
/// </summary>
public sealed class BusContribution(string service, Action<IBusRegistrationConfigurator> configure)
{
    public string Service { get; } = service;

    public void Configure(IBusRegistrationConfigurator configurator) => configure(configurator);

    /// <summary>Adds a contribution once per service name.</summary>
    public static void Register(IServiceCollection services, string service, Action<IBusRegistrationConfigurator> configure)
    {
        if (services.Any(d => d.ImplementationInstance is BusContribution c && c.Service == service))
        {
            return;
        }

        services.AddSingleton(new BusContribution(service, configure));
    }
}
