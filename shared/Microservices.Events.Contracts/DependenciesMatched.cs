namespace Microservices.Events.Contracts;

/// <summary>
/// Sent by the sensor-state matcher to one trigger's correlation saga: the dependencies matched for it, in the order
/// they were matched. One message carries one match when the saga's previous message has been published; the matches
/// made while it was being published go together in the next one, so a hot trigger's saga gets one delivery for many
/// events. The saga also accepts a single <see cref="DependencyMatched"/>.
/// </summary>
public sealed record DependenciesMatched
{
    /// <summary>Deterministic: name-based GUID of (sensor, trigger); every match carries the same.</summary>
    public Guid CorrelationId { get; init; }

    public IReadOnlyList<DependencyMatched> Matches { get; init; } = [];
}
