using MassTransit;
using Microservices.Events.ServiceDefaults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Microservices.Events.Tests.Bus;

/// <summary>
/// The check <c>bus-endpoints-channels</c>: an endpoint that lost its channel with the broker connection fails readiness
/// at once and liveness after <c>Bus:StalledEndpointSeconds</c> while MassTransit does not report it ready again, and
/// passes once it does.
/// </summary>
public sealed class EndpointChannelWatchTests
{
    private static readonly Uri Correlation = new("rabbitmq://localhost/events/sensor-state-correlation");
    private static readonly Uri Matcher = new("rabbitmq://localhost/events/sensor-state-matcher");

    [Fact]
    public async Task An_endpoint_not_ready_again_after_the_connection_closed_fails_readiness_at_once_and_liveness_at_the_stall_limit()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var watch = new EndpointChannelWatch(time, Options.Create(new BusOptions()), NullLogger<EndpointChannelWatch>.Instance);
        await watch.Ready(new Ready(Correlation, true));
        await watch.Ready(new Ready(Matcher, true));
        var before = await CheckAsync(watch);

        watch.ConnectionClosed(time.GetUtcNow());
        var atClose = await CheckAsync(watch);
        time.Advance(TimeSpan.FromSeconds(5));
        await watch.Ready(new Ready(Matcher, true));
        time.Advance(TimeSpan.FromSeconds(114));
        var justBefore = await CheckAsync(watch);
        time.Advance(TimeSpan.FromSeconds(1));
        var atLimit = await CheckAsync(watch);
        await watch.Ready(new Ready(Correlation, true));
        var after = await CheckAsync(watch);

        Assert.Equal(HealthStatus.Healthy, before.Status);
        Assert.Equal(HealthStatus.Degraded, atClose.Status);
        Assert.Equal("sensor-state-correlation not consuming since its channel closed 0 s ago; sensor-state-matcher not consuming since its channel closed 0 s ago", atClose.Description);
        Assert.Equal(HealthStatus.Degraded, justBefore.Status);
        Assert.Equal("sensor-state-correlation not consuming since its channel closed 119 s ago", justBefore.Description);
        Assert.Equal(HealthStatus.Unhealthy, atLimit.Status);
        Assert.Equal(HealthStatus.Healthy, after.Status);
    }

    [Fact]
    public async Task An_endpoint_that_does_not_start_by_itself_is_not_judged_when_the_connection_closes()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var watch = new EndpointChannelWatch(time, Options.Create(new BusOptions()), NullLogger<EndpointChannelWatch>.Instance);
        await watch.Ready(new Ready(Correlation, false));

        watch.ConnectionClosed(time.GetUtcNow());
        time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(watch)).Status);
    }

    private static Task<HealthCheckResult> CheckAsync(EndpointChannelWatch watch) => watch.CheckHealthAsync(new HealthCheckContext());

    private sealed record Ready(Uri InputAddress, bool IsStarted) : ReceiveEndpointReady
    {
        public IReceiveEndpoint ReceiveEndpoint => null!;
    }
}
