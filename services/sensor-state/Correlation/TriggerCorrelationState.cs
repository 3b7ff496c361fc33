using MassTransit;
using Microservices.Events.Contracts;

namespace Microservices.Events.SensorState.Correlation;

/// <summary>One trigger's correlation state: the latest event per dependency since the last firing.</summary>
public sealed class TriggerCorrelationState : SagaStateMachineInstance, ISagaVersion
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = "";

    public int Version { get; set; }

    public string Sensor { get; set; } = "";

    public string Trigger { get; set; } = "";

    /// <summary>The spec generation the stored events belong to.</summary>
    public string SpecGeneration { get; set; } = "";

    public Dictionary<string, EventEnvelope> StoredEvents { get; set; } = new(StringComparer.Ordinal);

    public long Firings { get; set; }

    /// <summary>The last firings of a trigger with an AND, republished when one of their events is delivered again (<see cref="RecentFirings"/>).</summary>
    public List<TriggerRequested> RecentFirings { get; set; } = [];

    public DateTimeOffset? LastFiredAt { get; set; }
}
