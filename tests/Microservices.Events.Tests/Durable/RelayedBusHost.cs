using System.Globalization;
using Microservices.Events.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microservices.Events.Tests.Durable;

/// <summary>
/// A service's bus as the services build it (<c>AddEventBus</c> with one bus part) on the test broker, reached through a
/// relay the test controls, its log kept in a collector; started within 60 s.
/// </summary>
internal static class RelayedBusHost
{
    public static async Task<IHost> StartAsync(
        HoldingTcpRelay relay, string virtualHost, CollectingLoggerProvider logs, BusPart part,
        IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection> services)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(logs);
        var configuration = new Dictionary<string, string?>
        {
            ["Bus:Transport"] = "RabbitMq",
            ["Bus:RabbitMq:Host"] = "127.0.0.1",
            ["Bus:RabbitMq:Port"] = relay.Port.ToString(CultureInfo.InvariantCulture),
            ["Bus:RabbitMq:VirtualHost"] = virtualHost,
        };
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        services(builder.Services);
        builder.Services.RequireBusPart(part);
        builder.AddEventBus(part);
        var host = builder.Build();
        using var starting = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.StartAsync(starting.Token);
        return host;
    }
}
