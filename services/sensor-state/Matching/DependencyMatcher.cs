using MassTransit;
using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Correlation;
using Microservices.Events.Semantics.Filters;
using Microservices.Events.Semantics.Matching;
using Microservices.Events.SensorState.Correlation;
using Microservices.Events.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Microservices.Events.SensorState.Matching;

/// <summary>
/// Finds the dependencies an event satisfies (index lookup, then the dependency's transform and filters), for every
/// sensor or for one. Each trigger naming the dependency then takes <see cref="TriggerCorrelation.Step"/> without state:
/// triggers whose conditions have no AND fire at once (the firing id follows from the event, so a redelivery produces
/// the same request and trigger-dispatch runs it once); the others hear of it through their correlation saga, with the
/// event as that dependency's transform left it, grouped with other matches for that saga under load
/// (<see cref="MatchedDependencyGroups"/>). The matching ends once those messages were published.
/// </summary>
public sealed class DependencyMatcher(SensorIndexHolder index, MatchedDependencyGroups groups, SensorStateTelemetry telemetry, TimeProvider time, IOptions<BusOptions> bus, ILogger<DependencyMatcher> logger)
{
    /// <param name="onlySensor">Match against this sensor's dependencies only; null for all sensors.</param>
    public async Task MatchAsync(ConsumeContext context, EventEnvelope published, string? onlySensor)
    {
        var publishTimeout = TimeSpan.FromSeconds(bus.Value.PublishTimeoutSeconds);
        List<Task>? handedOver = null;
        foreach (var binding in index.Current.Lookup(published.Source, published.Subject))
        {
            if (onlySensor is not null && !string.Equals(binding.Sensor, onlySensor, StringComparison.Ordinal))
            {
                continue;
            }

            var dependency = binding.Dependency;
            var (@event, result) = DependencyEvaluation.Evaluate(dependency, published);
            foreach (var error in result.Errors)
            {
                telemetry.FilterErrors.Add(1, new("sensor", binding.Sensor), new("dependency", dependency.Name));
                logger.LogWarning("Sensor {Sensor} dependency {Dependency}: transform or filter error on event {EventId}: {Error}", binding.Sensor, dependency.Name, published.Id, error);
            }

            if (!result.Pass)
            {
                continue;
            }

            telemetry.DependenciesMatched.Add(1, new("sensor", binding.Sensor), new("dependency", dependency.Name));
            foreach (var trigger in binding.Triggers)
            {
                var matched = MatchedDependency.For(binding, trigger, @event);
                var step = TriggerCorrelation.Step(matched, state: null, time.GetUtcNow());
                if (step.Firing is { } firing)
                {
                    telemetry.TriggersRequested.Add(1, new("sensor", binding.Sensor), new("trigger", trigger.Trigger));
                    await context.PublishWithin(firing.ToMessage(), publishTimeout);
                }
                else if (step.Kind == CorrelationStepKind.HandedOver)
                {
                    (handedOver ??= []).Add(groups.SendAsync(matched.ToMessage(), context.CancellationToken));
                }
            }
        }

        if (handedOver is not null)
        {
            await Task.WhenAll(handedOver);
        }
    }
}
