using Microservices.Events.Contracts;
using Microservices.Events.Specs.Conditions;

namespace Microservices.Events.Semantics.Correlation;

/// <summary>What one matched event does to a trigger's correlation state.</summary>
public sealed record CorrelationOutcome(
    bool Fired,
    IReadOnlyDictionary<string, EventEnvelope> FiringEvents,
    IReadOnlyDictionary<string, EventEnvelope> Stored);

/// <summary>
/// Argo's firing rule for one trigger. Without an AND the event fires alone and nothing is kept. With an AND,
/// the latest event per dependency is kept; when the conditions hold the trigger fires with every kept event
/// plus the new one, and the kept events are cleared.
/// </summary>
public static class CorrelationRound
{
    public static CorrelationOutcome Apply(
        IReadOnlyDictionary<string, EventEnvelope> stored,
        string dependency,
        EventEnvelope @event,
        string conditions)
    {
        var expression = ParsedConditions.Get(conditions);
        if (!ConditionExpression.NeedsState(conditions))
        {
            var alone = new Dictionary<string, EventEnvelope> { [dependency] = @event };
            return expression.Evaluate(alone.ContainsKey)
                ? new CorrelationOutcome(true, alone, Empty)
                : new CorrelationOutcome(false, Empty, Empty);
        }

        var candidate = new Dictionary<string, EventEnvelope>(stored, StringComparer.Ordinal) { [dependency] = @event };
        return expression.Evaluate(candidate.ContainsKey)
            ? new CorrelationOutcome(true, candidate, Empty)
            : new CorrelationOutcome(false, Empty, candidate);
    }

    /// <summary>Same events, same id: a redelivered or recomputed firing keeps its id.</summary>
    public static Guid FiringId(string sensor, string trigger, IReadOnlyDictionary<string, EventEnvelope> events) =>
        DeterministicGuid.Create(
            [sensor, trigger, .. events.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value.Source}/{e.Value.Id}")]);

    private static readonly IReadOnlyDictionary<string, EventEnvelope> Empty = new Dictionary<string, EventEnvelope>();
}
