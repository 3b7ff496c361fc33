using Microservices.Events.Semantics.Matching;

namespace Microservices.Events.SensorState.Matching;

/// <summary>Builds the dependency index when the service starts, so the first event does not pay for it and the log says what is loaded.</summary>
public sealed class SensorIndexWarmup(SensorIndexHolder index, ILogger<SensorIndexWarmup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        SensorIndex current = index.Current;
        logger.LogInformation("Dependency index built: {Dependencies} dependency bindings", current.Count);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
