using MassTransit;
using Microservices.Events.BusGateway;
using Microservices.Events.Contracts;
using Microservices.Events.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Microservices.Events.Tests.Mirror;

/// <summary>bus-gateway in this process as its Program wires it (its AddBusGateway and bus part), with the given settings and state in memory.</summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly IHost _host;

    private GatewayHost(IHost host) => _host = host;

    public static IHost Build(IReadOnlyDictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["State:Provider"] = "InMemory",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddBusGateway();
        builder.AddEventBus(BusGatewayBus.Part);
        return builder.Build();
    }

    public static async Task<GatewayHost> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var host = Build(settings);
        LogContext.Current = null!;
        await host.StartAsync();
        return new GatewayHost(host);
    }

    /// <summary>Sends events to the gateway's queue, as ingress does.</summary>
    public async Task IngestAsync(params EventEnvelope[] events)
    {
        var endpoint = await _host.Services.GetRequiredService<IBus>().GetSendEndpoint(new Uri($"queue:{EndpointNames.BusGateway}"));
        foreach (var @event in events)
        {
            await endpoint.Send(new EventIngested { Event = @event, ReceivedAt = DateTimeOffset.UtcNow });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
