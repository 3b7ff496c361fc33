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
/// rule that sensor-state runs, with the event's own time as the clock.
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
                var matched = new DependencyMatched
                {
                    CorrelationId = trigger.CorrelationId,
                    Sensor = _sensor.Name,
                    Trigger = trigger.Trigger,
                    Dependency = binding.Dependency.Name!,
                    Conditions = trigger.Conditions,
                    SpecGeneration = trigger.SpecGeneration,
                    ConditionsReset = trigger.ConditionsReset,
                    Event = transformed,
                };
                var step = TriggerCorrelation.Step(state, _sensor.Name, trigger.Trigger, matched, @event.Time);
                if (step.Kind == CorrelationStepKind.Fired)
                {
                    firings.Add(Resolve(trigger.Trigger, step));
                }
            }
        }

        return (firings, errors);
    }

    private SimulatedFiring Resolve(string trigger, CorrelationStep step)
    {
        try
        {
            return new SimulatedFiring(trigger, step.FiringId, step.FiringEvents, FiringResolver.Resolve(_triggers[trigger], step.FiringEvents), null);
        }
        catch (Exception ex) when (ex is ParameterException or InvalidOperationException or System.Text.Json.JsonException)
        {
            return new SimulatedFiring(trigger, step.FiringId, step.FiringEvents, null, ex.Message);
        }
    }
}
