using MassTransit;
using Microservices.Events.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Microservices.Events.Tests.Bus;

/// <summary>
/// A receive endpoint whose handlers hold their messages without finishing: readiness fails after
/// <c>Bus:StuckEndpointSeconds</c>, liveness after <c>Bus:StalledEndpointSeconds</c>, and both pass again once a message
/// finishes; an endpoint declared as waiting by design is not judged.
/// </summary>
public sealed class EndpointProgressWatchTests
{
    private const string Check = "bus-endpoints-progress";

    [Fact]
    public async Task An_endpoint_whose_handler_never_finishes_fails_readiness_then_liveness_and_passes_once_it_finishes()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var gate = new HeldMessages();
        using var host = await StartAsync(time, gate, waiting: false);
        HealthStatus atStart, before, live;
        HealthReport ready;
        try
        {
            await host.Services.GetRequiredService<IBus>().Publish(new HeldMessage());
            Assert.True(await gate.Started.Task.WaitAsync(TimeSpan.FromSeconds(10)));
            atStart = await StatusAsync(host);

            time.Advance(TimeSpan.FromSeconds(59));
            before = await StatusAsync(host);
            time.Advance(TimeSpan.FromSeconds(1));
            ready = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == Check);
            time.Advance(TimeSpan.FromSeconds(60));
            live = await StatusAsync(host);

            gate.Release.SetResult();
            Assert.True(await Eventually.HoldsAsync(async () => await StatusAsync(host) == HealthStatus.Healthy, TimeSpan.FromSeconds(10)));
        }
        finally
        {
            gate.Release.TrySetResult();
            await host.StopAsync();
        }

        Assert.Equal(HealthStatus.Healthy, atStart);
        Assert.Equal(HealthStatus.Healthy, before);
        Assert.Equal(HealthStatus.Degraded, ready.Status);
        Assert.Equal("probe-held holds 1 messages and finished none for 60 s", ready.Entries[Check].Description);
        Assert.Equal(HealthStatus.Unhealthy, live);
    }

    [Fact]
    public async Task An_endpoint_that_waits_by_design_is_not_judged()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var gate = new HeldMessages();
        using var host = await StartAsync(time, gate, waiting: true);
        try
        {
            await host.Services.GetRequiredService<IBus>().Publish(new HeldMessage());
            Assert.True(await gate.Started.Task.WaitAsync(TimeSpan.FromSeconds(10)));
            time.Advance(TimeSpan.FromMinutes(10));

            Assert.Equal(HealthStatus.Healthy, await StatusAsync(host));
        }
        finally
        {
            gate.Release.TrySetResult();
            await host.StopAsync();
        }
    }

    private static async Task<HealthStatus> StatusAsync(IHost host) =>
        (await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == Check)).Status;

    private static async Task<IHost> StartAsync(FakeTimeProvider time, HeldMessages gate, bool waiting)
    {
        var part = new BusPart("probe", bus => bus.AddConsumer<HeldMessageConsumer, HeldMessageConsumerDefinition>())
        {
            WaitingEndpoints = waiting ? [HeldMessageConsumerDefinition.QueueName] : [],
        };
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton(gate);
        builder.Services.AddHealthChecks();
        builder.Services.RequireBusPart(part);
        builder.AddEventBus(part);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public sealed record HeldMessage;

    /// <summary>Tells when the handler started, and holds it until released.</summary>
    public sealed class HeldMessages
    {
        public TaskCompletionSource<bool> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public sealed class HeldMessageConsumer(HeldMessages gate) : IConsumer<HeldMessage>
    {
        public async Task Consume(ConsumeContext<HeldMessage> context)
        {
            gate.Started.TrySetResult(true);
            await gate.Release.Task;
        }
    }

    public sealed class HeldMessageConsumerDefinition : ConsumerDefinition<HeldMessageConsumer>
    {
        public const string QueueName = "probe-held";

        public HeldMessageConsumerDefinition() => EndpointName = QueueName;
    }
}
