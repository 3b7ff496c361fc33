using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Correlation;

namespace Microservices.Events.SensorState.Correlation;

/// <summary>The bus messages of correlation, mapped to and from the records <see cref="TriggerCorrelation"/> works on.</summary>
public static class CorrelationMessages
{
    public static DependencyMatched ToMessage(this MatchedDependency matched) => new()
    {
        CorrelationId = matched.CorrelationId,
        Sensor = matched.Sensor,
        Trigger = matched.Trigger,
        Dependency = matched.Dependency,
        Conditions = matched.Conditions,
        SpecGeneration = matched.SpecGeneration,
        ConditionsReset = matched.ConditionsReset,
        Event = matched.Event,
    };

    public static MatchedDependency ToMatched(this DependencyMatched message) =>
        new(message.CorrelationId, message.Sensor, message.Trigger, message.Dependency, message.Conditions, message.SpecGeneration, message.ConditionsReset, message.Event);

    public static TriggerRequested ToMessage(this TriggerFiring firing) => new()
    {
        FiringId = firing.FiringId,
        CorrelationId = firing.CorrelationId,
        Sensor = firing.Sensor,
        Trigger = firing.Trigger,
        SpecGeneration = firing.SpecGeneration,
        Events = firing.Events,
        RequestedAt = firing.RequestedAt,
    };
}
