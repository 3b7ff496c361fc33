using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Microservices.Events.Tests.Harness;

/// <summary>
/// A service wired as its Program wires it (its <c>AddXxx()</c> and its bus part) on MassTransit's test harness:
/// <c>configure</c> calls both, e.g. <c>b.AddBusGateway(); b.AddEventBusTestHarness(BusGatewayBus.Part);</c>.
/// </summary>
public sealed class ServiceHarness : IAsyncDisposable
{
    private readonly IHost _host;

    private ServiceHarness(IHost host)
    {
        _host = host;
        Harness = host.Services.GetRequiredService<ITestHarness>();
    }

    public IServiceProvider Services => _host.Services;

    public ITestHarness Harness { get; }

    public IBus Bus => Harness.Bus;

    public IReceivedMessageList Consumed => Harness.Consumed;

    public IPublishedMessageList Published => Harness.Published;

    public static async Task<ServiceHarness> StartAsync(Action<HostApplicationBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        configure(builder);
        var host = builder.Build();

        // MassTransit keeps its log context in an AsyncLocal that a host stopped earlier in the same test left behind.
        LogContext.Current = null!;
        await host.StartAsync();
        return new ServiceHarness(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
