using Microservices.Events.Contracts;

namespace Microservices.Events.Semantics.Correlation;

/// <summary>What one trigger remembers between events: the latest event per dependency and recently seen event ids.</summary>
public interface ICorrelationState
{
    /// <summary>The spec generation the stored events belong to.</summary>
    string SpecGeneration { get; set; }

    Dictionary<string, EventEnvelope> StoredEvents { get; set; }

    /// <summary>Keys <c>dependency/source/id</c> of events handled in the last <see cref="TriggerCorrelation.DuplicateWindow"/>.</summary>
    RecentEventWindow RecentEvents { get; set; }

    /// <summary>The latest firings (newest last, at most <see cref="TriggerCorrelation.FiringsKept"/>), to repeat one when an event of it is delivered again.</summary>
    List<LastFiring> RecentFirings { get; set; }
}

/// <summary>A firing remembered with the key of the event that completed it.</summary>
public sealed record LastFiring(string EventKey, Guid FiringId, Dictionary<string, EventEnvelope> Events);

/// <summary>A plain <see cref="ICorrelationState"/> (simulation, tests).</summary>
public sealed class CorrelationState : ICorrelationState
{
    public string SpecGeneration { get; set; } = "";

    public Dictionary<string, EventEnvelope> StoredEvents { get; set; } = new(StringComparer.Ordinal);

    public RecentEventWindow RecentEvents { get; set; } = new();

    public List<LastFiring> RecentFirings { get; set; } = [];
}
