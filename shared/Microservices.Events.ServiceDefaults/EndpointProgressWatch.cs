using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microservices.Events.ServiceDefaults;

/// <summary>
/// Follows every message each receive endpoint receives until it finishes (<see cref="IReceiveObserver"/>) and reports
/// the endpoints that hold messages without finishing any (<see cref="EndpointProgress"/>): a consumer can be connected
/// and hold its whole prefetch while its handlers wait on a broker operation that never ends, which MassTransit's own
/// health does not see. A failed attempt that is retried (<see cref="IRetryObserver"/>) counts as work, not as a
/// stall. Degraded (readiness fails) after <c>Bus:StuckEndpointSeconds</c>, Unhealthy (liveness fails, so an
/// orchestrator restarts the process and the messages are delivered again) after <c>Bus:StalledEndpointSeconds</c>,
/// each timed from the last finish. Endpoints whose handlers wait by design (<see cref="BusPart.WaitingEndpoints"/>:
/// rate limits, retries until a target is back) are not judged.
/// </summary>
public sealed class EndpointProgressWatch(TimeProvider time, IOptions<BusOptions> options, WaitingEndpoints waiting, ILogger<EndpointProgressWatch> logger)
    : IReceiveObserver, IRetryObserver, IHealthCheck
{
    private readonly EndpointProgress _progress = new();
    private readonly Lock _gate = new();

    public Task PreReceive(ReceiveContext context)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            _progress.Started(Name(context.InputAddress), now);
        }

        return Task.CompletedTask;
    }

    public Task PostReceive(ReceiveContext context) => Finished(context);

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
        where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
        where T : class => Task.CompletedTask;

    public Task ReceiveFault(ReceiveContext context, Exception exception) => Finished(context);

    public Task PostCreate<T>(RetryPolicyContext<T> context)
        where T : class, PipeContext => Task.CompletedTask;

    public Task PostFault<T>(RetryContext<T> context)
        where T : class, PipeContext
    {
        if ((context.Context as ConsumeContext)?.ReceiveContext is { } receive)
        {
            var now = time.GetUtcNow();
            lock (_gate)
            {
                _progress.Progressed(Name(receive.InputAddress), now);
            }
        }

        return Task.CompletedTask;
    }

    public Task PreRetry<T>(RetryContext<T> context)
        where T : class, PipeContext => Task.CompletedTask;

    public Task RetryFault<T>(RetryContext<T> context)
        where T : class, PipeContext => Task.CompletedTask;

    public Task RetryComplete<T>(RetryContext<T> context)
        where T : class, PipeContext => Task.CompletedTask;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var stuckAfter = TimeSpan.FromSeconds(options.Value.StuckEndpointSeconds);
        if (stuckAfter == TimeSpan.Zero)
        {
            return Task.FromResult(HealthCheckResult.Healthy("off"));
        }

        // Each limit on its own: liveness at Bus:StalledEndpointSeconds even where that is the shorter one.
        var restartAfter = TimeSpan.FromSeconds(options.Value.StalledEndpointSeconds);
        var first = restartAfter > TimeSpan.Zero && restartAfter < stuckAfter ? restartAfter : stuckAfter;
        var now = time.GetUtcNow();
        IReadOnlyList<(string Endpoint, int InFlight, TimeSpan For)> stuck;
        lock (_gate)
        {
            stuck = _progress.Stuck(now, first, waiting.Names);
        }

        if (stuck.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy());
        }

        var description = string.Join("; ", stuck.Select(s => $"{s.Endpoint} holds {s.InFlight} messages and finished none for {s.For.TotalSeconds:F0} s"));
        if (restartAfter > TimeSpan.Zero && stuck.Any(s => s.For >= restartAfter))
        {
            logger.LogError("Receive endpoint(s) stuck, liveness fails so the process is restarted: {Stuck}", description);
            return Task.FromResult(HealthCheckResult.Unhealthy(description));
        }

        logger.LogWarning("Receive endpoint(s) stuck, readiness fails: {Stuck}", description);
        return Task.FromResult(HealthCheckResult.Degraded(description));
    }

    private static string Name(Uri inputAddress) => ReceiveEndpointName.Of(inputAddress);

    private Task Finished(ReceiveContext context)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            _progress.Finished(Name(context.InputAddress), now);
        }

        return Task.CompletedTask;
    }
}

/// <summary>The receive endpoints, by name, whose handlers wait by design (from every <see cref="BusPart.WaitingEndpoints"/>).</summary>
public sealed record WaitingEndpoints(IReadOnlySet<string> Names);
