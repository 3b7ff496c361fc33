using Microservices.Events.Contracts;

namespace Microservices.Events.Semantics.Correlation;

/// <summary>What one trigger remembers between events: the latest event per dependency and recently seen event ids.</summary>
public interface ICorrelationState
{
    /// <summary>The spec generation the stored events belong to.</summary>
    string SpecGeneration { get; set; }

    Dictionary<string, EventEnvelope> StoredEvents { get; set; }

    /// <summary>Keys <c>dependency/source/id</c> of events handled in the last <see cref="TriggerCorrelation.DuplicateWindow"/>.</summary>
    Dictionary<string, DateTimeOffset> RecentEvents { get; set; }

    /// <summary>The latest firing and the event that completed it, to repeat it if that event is redelivered.</summary>
    LastFiring? LastFiring { get; set; }
}

/// <summary>A firing remembered by the event that completed it.</summary>
public sealed record LastFiring(string EventKey, Guid FiringId, Dictionary<string, EventEnvelope> Events);

/// <summary>A plain <see cref="ICorrelationState"/> (simulation, tests).</summary>
public sealed class CorrelationState : ICorrelationState
{
    public string SpecGeneration { get; set; } = "";

    public Dictionary<string, EventEnvelope> StoredEvents { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, DateTimeOffset> RecentEvents { get; set; } = new(StringComparer.Ordinal);

    public LastFiring? LastFiring { get; set; }
}
