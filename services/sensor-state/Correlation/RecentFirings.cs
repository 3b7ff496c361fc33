using Microservices.Events.Contracts;

namespace Microservices.Events.SensorState.Correlation;

/// <summary>
/// The last firings of a trigger that keeps state. Delivery is at-least-once: the event that completed a firing can
/// come again (the process died after saving the saga and before the firing was published, or the broker redelivered).
/// Such an event publishes that firing again, with the same firing id that trigger-dispatch de-duplicates, instead of
/// being stored as a new event (which would lose the firing, or use the event in a second one).
/// </summary>
public static class RecentFirings
{
    /// <summary>How many firings a saga instance remembers.</summary>
    public const int Kept = 4;

    public static TriggerRequested? Containing(IReadOnlyList<TriggerRequested> recent, string dependency, EventEnvelope @event)
    {
        for (var i = recent.Count - 1; i >= 0; i--)
        {
            if (recent[i].Events.TryGetValue(dependency, out var fired) && fired.Id == @event.Id && fired.Source == @event.Source)
            {
                return recent[i];
            }
        }

        return null;
    }

    public static void Remember(List<TriggerRequested> recent, TriggerRequested firing)
    {
        recent.Add(firing);
        if (recent.Count > Kept)
        {
            recent.RemoveRange(0, recent.Count - Kept);
        }
    }
}
