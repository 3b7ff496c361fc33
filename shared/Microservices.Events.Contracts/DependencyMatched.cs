namespace Microservices.Events.Contracts;

/// <summary>
/// Sent by the sensor-state matcher to one trigger's correlation saga when an event passed a dependency's filters.
/// Carries the trigger's effective conditions so the saga decides without reading the spec.
/// </summary>
public sealed record DependencyMatched
{
    /// <summary>Deterministic: name-based GUID of (sensor, trigger).</summary>
    public Guid CorrelationId { get; init; }

    public string Sensor { get; init; } = "";

    public string Trigger { get; init; } = "";

    public string Dependency { get; init; } = "";

    /// <summary>The trigger's conditions, or the AND of all dependencies when the spec has none.</summary>
    public string Conditions { get; init; } = "";

    /// <summary>Hash of the trigger's conditions and dependency definitions; a change discards stored events.</summary>
    public string SpecGeneration { get; init; } = "";

    /// <summary>The trigger's time-based resets, applied when the next event arrives.</summary>
    public IReadOnlyList<ConditionsResetSchedule> ConditionsReset { get; init; } = [];

    public EventEnvelope Event { get; init; } = new();
}
