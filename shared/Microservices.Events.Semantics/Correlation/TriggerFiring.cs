using Microservices.Events.Contracts;

namespace Microservices.Events.Semantics.Correlation;

/// <summary>
/// A firing to request: the events that satisfied a trigger, by dependency, and an id that follows from them, so a
/// firing asked for again is recognised downstream.
/// </summary>
public sealed record TriggerFiring(
    Guid FiringId,
    Guid CorrelationId,
    string Sensor,
    string Trigger,
    string SpecGeneration,
    IReadOnlyDictionary<string, EventEnvelope> Events,
    DateTimeOffset RequestedAt);
