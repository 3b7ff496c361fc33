namespace Microservices.Events.Contracts;

/// <summary>Published by a correlation saga when a trigger's conditions hold: the events that satisfied them, by dependency.</summary>
public sealed record TriggerRequested
{
    /// <summary>Deterministic from (sensor, trigger, event ids): a redelivered request carries the same id.</summary>
    public Guid FiringId { get; init; }

    public Guid CorrelationId { get; init; }

    public string Sensor { get; init; } = "";

    public string Trigger { get; init; } = "";

    public string SpecGeneration { get; init; } = "";

    public IReadOnlyDictionary<string, EventEnvelope> Events { get; init; } = new Dictionary<string, EventEnvelope>();

    public DateTimeOffset RequestedAt { get; init; }

    /// <summary>Set when this firing drives a failed one again (<c>events firings redrive</c>): that firing's id.</summary>
    public Guid? RedriveOf { get; init; }
}
