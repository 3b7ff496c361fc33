using System.Runtime.CompilerServices;
using MassTransit;
using MassTransit.RabbitMqTransport;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client.Events;

namespace Microservices.Events.ServiceDefaults;

/// <summary>
/// Readiness, then liveness, for a receive endpoint that lost its RabbitMQ channel and never consumed again
/// (<see cref="EndpointChannels"/>). MassTransit's own health keeps an endpoint healthy until its consumer's stop has
/// finished; should that stop never finish, the endpoint stays "ready" with no consumer on the broker. Here an endpoint
/// is not consuming from the moment its channel (or the broker connection) closes until MassTransit reports it ready
/// again (<see cref="IReceiveEndpointObserver.Ready"/>): Degraded (readiness fails) at once, Unhealthy (liveness
/// fails, so an orchestrator restarts the process) after <c>Bus:StalledEndpointSeconds</c>. The channel of each
/// endpoint is learnt from the messages it receives (<see cref="IReceiveObserver.PreReceive"/>); the connection's
/// close comes from <see cref="BrokerConnectionWatch"/>.
/// </summary>
public sealed class EndpointChannelWatch(TimeProvider time, IOptions<BusOptions> options, ILogger<EndpointChannelWatch> logger)
    : IReceiveEndpointObserver, IReceiveObserver, IHealthCheck
{
    private readonly EndpointChannels _channels = new();
    private readonly Lock _gate = new();
    private readonly ConditionalWeakTable<object, object> _followed = [];

    public Task Ready(ReceiveEndpointReady ready)
    {
        // An endpoint that does not start by itself reports "ready (not started)" and has no channel to lose.
        if (!ready.IsStarted)
        {
            return Task.CompletedTask;
        }

        var now = time.GetUtcNow();
        lock (_gate)
        {
            _channels.Consuming(Name(ready.InputAddress), now);
        }

        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;

    public Task PreReceive(ReceiveContext context)
    {
        if (context.TryGetPayload(out ChannelContext? channel) && !_followed.TryGetValue(channel.Channel, out _))
        {
            Follow(Name(context.InputAddress), channel.Channel);
        }

        return Task.CompletedTask;
    }

    public Task PostReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
        where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
        where T : class => Task.CompletedTask;

    public Task ReceiveFault(ReceiveContext context, Exception exception) => Task.CompletedTask;

    /// <summary>
    /// The bus's broker connection closed at <paramref name="closedAt"/>: no endpoint that was ready before then
    /// consumes until it reports ready again.
    /// </summary>
    public void ConnectionClosed(DateTimeOffset closedAt)
    {
        lock (_gate)
        {
            _channels.ConnectionClosed(closedAt);
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        IReadOnlyList<(string Endpoint, TimeSpan For)> lost;
        lock (_gate)
        {
            lost = _channels.NotConsuming(now);
        }

        if (lost.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy());
        }

        var description = string.Join("; ", lost.Select(l => $"{l.Endpoint} not consuming since its channel closed {l.For.TotalSeconds:F0} s ago"));
        var restartAfter = TimeSpan.FromSeconds(options.Value.StalledEndpointSeconds);
        if (restartAfter > TimeSpan.Zero && lost.Any(l => l.For >= restartAfter))
        {
            logger.LogError("Receive endpoint(s) lost their channel and did not consume again, liveness fails so the process is restarted: {Lost}", description);
            return Task.FromResult(HealthCheckResult.Unhealthy(description));
        }

        var stuckAfter = TimeSpan.FromSeconds(options.Value.StuckEndpointSeconds);
        if (stuckAfter > TimeSpan.Zero && lost.Any(l => l.For >= stuckAfter))
        {
            logger.LogWarning("Receive endpoint(s) lost their channel and did not consume again yet: {Lost}", description);
        }

        return Task.FromResult(HealthCheckResult.Degraded(description));
    }

    private static string Name(Uri inputAddress) => ReceiveEndpointName.Of(inputAddress);

    private void Follow(string endpoint, RabbitMQ.Client.IChannel channel)
    {
        long generation;
        lock (_gate)
        {
            if (_followed.TryGetValue(channel, out _) || _channels.Generation(endpoint) is not { } current)
            {
                return;
            }

            generation = current;
            _followed.Add(channel, endpoint);
        }

        Task OnShutdown(object sender, ShutdownEventArgs e)
        {
            channel.ChannelShutdownAsync -= OnShutdown;
            Closed(endpoint, generation);
            return Task.CompletedTask;
        }

        // A channel already closed when first seen is left alone: a message it carried can be received after the
        // endpoint reported consuming on its next channel, and must not count against that one.
        channel.ChannelShutdownAsync += OnShutdown;
        if (!channel.IsOpen)
        {
            channel.ChannelShutdownAsync -= OnShutdown;
        }
    }

    private void Closed(string endpoint, long generation)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            _channels.ChannelClosed(endpoint, generation, now);
        }
    }
}
