using Microservices.Events.Contracts;
using Microservices.Events.Specs.Conditions;
using Microservices.Events.Specs.Time;

namespace Microservices.Events.Semantics.Correlation;

/// <summary>
/// One trigger's reaction to one matched event: the single entrance shared by sensor-state's matcher, its correlation
/// saga and <c>events simulate</c>.
/// </summary>
public static class TriggerCorrelation
{
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromSeconds(60);

    /// <summary>How many firings a trigger remembers to repeat on redelivery.</summary>
    public const int FiringsKept = 16;

    /// <summary>At most this many recently seen events are remembered per trigger (the oldest are forgotten first).</summary>
    public const int RecentEventsKept = 1024;

    /// <summary>
    /// Without <paramref name="state"/> (the matcher keeps none): conditions without an AND fire at once, alone, with
    /// a firing id that follows from the event, so a redelivery asks for the same firing; conditions with an AND hand
    /// the event over to the trigger's saga.
    /// With <paramref name="state"/> (the saga; simulate, which holds every trigger's state): a new spec generation
    /// discards stored events; an event that went into one of the latest firings repeats that firing; an event already
    /// handled within a minute is ignored; stored events older than the latest <c>conditionsReset</c> tick are dropped;
    /// then <see cref="CorrelationRound"/>. Firings are requested at <paramref name="now"/>.
    /// </summary>
    /// <exception cref="FormatException">The conditions do not parse.</exception>
    public static CorrelationStep Step(MatchedDependency matched, ICorrelationState? state, DateTimeOffset now)
    {
        if (state is null)
        {
            return ConditionExpression.NeedsState(matched.Conditions)
                ? new CorrelationStep(CorrelationStepKind.HandedOver, null, 0, 0)
                : Round(matched, CorrelationRound.Apply(NoEvents, matched.Dependency, matched.Event, matched.Conditions), now, 0, 0);
        }

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
            return new CorrelationStep(CorrelationStepKind.Repeated, Firing(matched, earlier.FiringId, earlier.Events, now), bySpec, 0);
        }

        if (!state.RecentEvents.TryAdd(eventKey, now))
        {
            return new CorrelationStep(CorrelationStepKind.Duplicate, null, bySpec, 0);
        }

        var byReset = ApplyResets(state, matched.ConditionsReset, now);
        var outcome = CorrelationRound.Apply(state.StoredEvents, matched.Dependency, matched.Event, matched.Conditions);
        state.StoredEvents = new Dictionary<string, EventEnvelope>(outcome.Stored, StringComparer.Ordinal);
        var step = Round(matched, outcome, now, bySpec, byReset);
        if (step.Firing is { } firing)
        {
            state.RecentFirings.Add(new LastFiring(eventKey, firing.FiringId, new Dictionary<string, EventEnvelope>(firing.Events, StringComparer.Ordinal)));
            if (state.RecentFirings.Count > FiringsKept)
            {
                state.RecentFirings.RemoveRange(0, state.RecentFirings.Count - FiringsKept);
            }
        }

        return step;
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

    private static CorrelationStep Round(MatchedDependency matched, CorrelationOutcome outcome, DateTimeOffset now, int bySpec, int byReset) =>
        outcome.Fired
            ? new CorrelationStep(CorrelationStepKind.Fired, Firing(matched, CorrelationRound.FiringId(matched.Sensor, matched.Trigger, outcome.FiringEvents), outcome.FiringEvents, now), bySpec, byReset)
            : new CorrelationStep(CorrelationStepKind.Stored, null, bySpec, byReset);

    private static TriggerFiring Firing(MatchedDependency matched, Guid firingId, IReadOnlyDictionary<string, EventEnvelope> events, DateTimeOffset now) =>
        new(firingId, matched.CorrelationId, matched.Sensor, matched.Trigger, matched.SpecGeneration, events, now);

    private static readonly IReadOnlyDictionary<string, EventEnvelope> NoEvents = new Dictionary<string, EventEnvelope>();
}
