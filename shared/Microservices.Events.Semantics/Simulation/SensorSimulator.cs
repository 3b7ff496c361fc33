using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Correlation;
using Microservices.Events.Semantics.Filters;
using Microservices.Events.Semantics.Matching;
using Microservices.Events.Semantics.Parameters;
using Microservices.Events.Specs.Model;

namespace Microservices.Events.Semantics.Simulation;

/// <summary>One firing found by a simulation, with its parameters resolved (or the error resolving them).</summary>
public sealed record SimulatedFiring(string Trigger, Guid FiringId, IReadOnlyDictionary<string, EventEnvelope> Events, ResolvedFiring? Resolved, string? Error);

/// <summary>
/// Runs one sensor offline: each event goes through the dependency index, filters and the per-trigger correlation
/// rule that sensor-state runs (<see cref="TriggerCorrelation.Step"/>), with the event's own time as the clock. It holds
/// every trigger's state, triggers without an AND included, so an event fed again within the duplicate window fires once.
/// </summary>
public sealed class SensorSimulator
{
    private readonly Sensor _sensor;
    private readonly SensorIndex _index;
    private readonly Dictionary<string, CorrelationState> _states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Trigger> _triggers;

    public SensorSimulator(Sensor sensor)
    {
        _sensor = sensor;
        _index = SensorIndex.Build([sensor]);
        _triggers = sensor.Spec.Triggers
            .Where(t => !string.IsNullOrEmpty(t.Template?.Name))
            .GroupBy(t => t.Template!.Name!)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    /// <summary>Feeds one event; returns the firings it caused, in order, and the filter errors met.</summary>
    public (IReadOnlyList<SimulatedFiring> Firings, IReadOnlyList<string> Errors) Feed(EventEnvelope @event)
    {
        var firings = new List<SimulatedFiring>();
        var errors = new List<string>();
        foreach (var binding in _index.Lookup(@event.Source, @event.Subject))
        {
            var (transformed, result) = DependencyEvaluation.Evaluate(binding.Dependency, @event);
            errors.AddRange(result.Errors.Select(e => $"sensor {_sensor.Name} dependency {binding.Dependency.Name}: {e}"));
            if (!result.Pass)
            {
                continue;
            }

            foreach (var trigger in binding.Triggers)
            {
                var state = _states.TryGetValue(trigger.Trigger, out var existing) ? existing : _states[trigger.Trigger] = new CorrelationState();
                var step = TriggerCorrelation.Step(MatchedDependency.For(binding, trigger, transformed), state, @event.Time);
                if (step is { Kind: CorrelationStepKind.Fired, Firing: { } firing })
                {
                    firings.Add(Resolve(firing));
                }
            }
        }

        return (firings, errors);
    }

    private SimulatedFiring Resolve(TriggerFiring firing)
    {
        try
        {
            return new SimulatedFiring(firing.Trigger, firing.FiringId, firing.Events, FiringResolver.Resolve(_triggers[firing.Trigger], firing.Events), null);
        }
        catch (Exception ex) when (ex is ParameterException or InvalidOperationException or System.Text.Json.JsonException)
        {
            return new SimulatedFiring(firing.Trigger, firing.FiringId, firing.Events, null, ex.Message);
        }
    }
}
