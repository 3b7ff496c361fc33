using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Matching;

namespace Microservices.Events.Semantics.Correlation;

/// <summary>
/// One event that passed a dependency's transform and filters, for one trigger whose conditions name that dependency:
/// what <see cref="TriggerCorrelation.Step"/> decides about. It carries the trigger's effective conditions, spec
/// generation and resets, so the decision reads no spec.
/// </summary>
public sealed record MatchedDependency(
    Guid CorrelationId,
    string Sensor,
    string Trigger,
    string Dependency,
    string Conditions,
    string SpecGeneration,
    IReadOnlyList<ConditionsResetSchedule> ConditionsReset,
    EventEnvelope Event)
{
    /// <summary>The event, as the dependency's transform left it, for one trigger of the binding.</summary>
    public static MatchedDependency For(DependencyBinding binding, TriggerBinding trigger, EventEnvelope @event) =>
        new(trigger.CorrelationId, binding.Sensor, trigger.Trigger, binding.Dependency.Name!, trigger.Conditions, trigger.SpecGeneration, trigger.ConditionsReset, @event);
}
