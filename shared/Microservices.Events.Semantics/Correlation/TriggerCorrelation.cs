using Microservices.Events.Contracts;
using Microservices.Events.Specs.Time;

namespace Microservices.Events.Semantics.Correlation;

/// <summary>Why a step did not fire, or that it did.</summary>
public enum CorrelationStepKind
{
    /// <summary>The conditions hold: a new firing.</summary>
    Fired,

    /// <summary>The event was kept (or dropped by a filter upstream); nothing fires.</summary>
    Stored,

    /// <summary>The event was handled within the duplicate window and caused nothing then; ignored.</summary>
    Duplicate,

    /// <summary>
    /// The event is part of one of the latest firings: a redelivery, e.g. after a crash between saving the state and
    /// publishing. The same firing (same id) is returned so it can be published again.
    /// </summary>
    Repeated,
}

/// <summary>The result of one step: what happened, the firing's events and id when it fired, and what was discarded.</summary>
public sealed record CorrelationStep(
    CorrelationStepKind Kind,
    IReadOnlyDictionary<string, EventEnvelope> FiringEvents,
    Guid FiringId,
    int DiscardedBySpecChange,
    int DiscardedByReset);

/// <summary>
/// One trigger's reaction to one matched event — the rule the correlation saga and <c>events simulate</c> share:
/// a new spec generation discards stored events; an event already handled within a minute is ignored;
/// stored events older than the latest <c>conditionsReset</c> tick are dropped; then <see cref="CorrelationRound"/>.
/// </summary>
public static class TriggerCorrelation
{
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromSeconds(60);

    /// <summary>How many firings a trigger remembers to repeat on redelivery.</summary>
    public const int FiringsKept = 16;

    /// <summary>At most this many recently seen events are remembered per trigger (the oldest are forgotten first).</summary>
    public const int RecentEventsKept = 1024;

    public static CorrelationStep Step(ICorrelationState state, string sensor, string trigger, DependencyMatched matched, DateTimeOffset now)
    {
        var bySpec = 0;
        if (state.SpecGeneration != matched.SpecGeneration)
        {
            bySpec = state.StoredEvents.Count;
            state.StoredEvents.Clear();
            state.SpecGeneration = matched.SpecGeneration;
        }

        state.RecentEvents.Trim(now, DuplicateWindow, RecentEventsKept);
        var eventKey = $"{matched.Dependency}/{matched.Event.Source}/{matched.Event.Id}";
        if (state.RecentFirings.LastOrDefault(f =>
                f.Events.TryGetValue(matched.Dependency, out var fired) &&
                fired.Source == matched.Event.Source && fired.Id == matched.Event.Id) is { } earlier)
        {
            // Delivered again after it went into one of the latest firings (a crash between saving and publishing, a
            // retried publish, a redelivery): repeat that firing rather than letting the event start a new round.
            state.RecentEvents.Touch(eventKey, now);
            return new CorrelationStep(CorrelationStepKind.Repeated, earlier.Events, earlier.FiringId, bySpec, 0);
        }

        if (!state.RecentEvents.TryAdd(eventKey, now))
        {
            return new CorrelationStep(CorrelationStepKind.Duplicate, Empty, Guid.Empty, bySpec, 0);
        }

        var byReset = ApplyResets(state, matched.ConditionsReset, now);
        var outcome = CorrelationRound.Apply(state.StoredEvents, matched.Dependency, matched.Event, matched.Conditions);
        state.StoredEvents = new Dictionary<string, EventEnvelope>(outcome.Stored, StringComparer.Ordinal);
        if (!outcome.Fired)
        {
            return new CorrelationStep(CorrelationStepKind.Stored, Empty, Guid.Empty, bySpec, byReset);
        }

        var firingId = CorrelationRound.FiringId(sensor, trigger, outcome.FiringEvents);
        state.RecentFirings.Add(new LastFiring(eventKey, firingId, new Dictionary<string, EventEnvelope>(outcome.FiringEvents, StringComparer.Ordinal)));
        if (state.RecentFirings.Count > FiringsKept)
        {
            state.RecentFirings.RemoveRange(0, state.RecentFirings.Count - FiringsKept);
        }
        return new CorrelationStep(CorrelationStepKind.Fired, outcome.FiringEvents, firingId, bySpec, byReset);
    }

    /// <summary>Drops every stored event for which a reset tick fell after its time and at or before <paramref name="now"/>.</summary>
    public static int ApplyResets(ICorrelationState state, IReadOnlyList<ConditionsResetSchedule> resets, DateTimeOffset now)
    {
        var dropped = 0;
        foreach (var reset in resets)
        {
            if (!CronSchedule.TryParse(reset.Cron, out var cron, out _) || !CronSchedule.TryFindTimeZone(reset.Timezone, out var zone))
            {
                continue;
            }

            foreach (var (dependency, stored) in state.StoredEvents.ToList())
            {
                if (cron!.GetNextOccurrence(stored.Time, zone) is { } tick && tick <= now)
                {
                    state.StoredEvents.Remove(dependency);
                    dropped++;
                }
            }
        }

        return dropped;
    }

    private static readonly IReadOnlyDictionary<string, EventEnvelope> Empty = new Dictionary<string, EventEnvelope>();
}
