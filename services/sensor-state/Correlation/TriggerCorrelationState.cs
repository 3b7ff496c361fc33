using MassTransit;
using Microservices.Events.Contracts;
using Microservices.Events.Persistence.Sagas;
using Microservices.Events.Semantics.Correlation;

namespace Microservices.Events.SensorState.Correlation;

/// <summary>One trigger's correlation state: the latest event per dependency since the last firing.</summary>
public sealed class TriggerCorrelationState : SagaStateMachineInstance, ISagaVersion, ICorrelationState, IDescribedSaga
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = "";

    public int Version { get; set; }

    public string Sensor { get; set; } = "";

    public string Trigger { get; set; } = "";

    /// <summary>The spec generation the stored events belong to.</summary>
    public string SpecGeneration { get; set; } = "";

    public Dictionary<string, EventEnvelope> StoredEvents { get; set; } = new(StringComparer.Ordinal);

    public RecentEventWindow RecentEvents { get; set; } = new();

    public List<LastFiring> RecentFirings { get; set; } = [];

    public long Firings { get; set; }

    public DateTimeOffset? LastFiredAt { get; set; }

    public string Describe() => $"sensor {Sensor} trigger {Trigger}";
}
