namespace Microservices.Events.Tests.Durable.Chaos;

/// <summary>
/// One event a client sent: the dependency it feeds (<see cref="Side"/>, e.g. <c>A</c>), its number and the attempt
/// (from 1) that carried it. An event resent after a refusal is the same number under a higher attempt.
/// </summary>
public sealed record SentEvent(string Side, int N, int Attempt)
{
    public override string ToString() => $"{Side}:{N}:{Attempt}";
}

/// <summary>One call of a trigger's action as the sink saw it: its firing id, the events it carried, and when (seconds after the load started).</summary>
public sealed record Delivery(string FiringId, IReadOnlyList<SentEvent> Events, double AtSeconds = 0);

/// <summary>What one trigger did with the events accepted for it.</summary>
/// <param name="Accepted">Events the webhook answered 200.</param>
/// <param name="Firings">Distinct firing ids delivered.</param>
/// <param name="Lost">Accepted events in no firing (see <see cref="ChaosTally.Lost"/>).</param>
/// <param name="Duplicates">Events (side, number, attempt) carried by two or more firing ids: fired twice.</param>
/// <param name="Repeats">Deliveries of a firing id beyond its first: one firing executed again.</param>
/// <param name="Resent">
/// Numbers fired under an attempt other than the accepted one: an attempt refused (503, or the connection cut) after
/// the event had reached the bus, then sent again by the client. Two events to the system, so not duplicates; printed
/// for the record.
/// </param>
/// <param name="Displaced">
/// Accepted events of an <c>&amp;&amp;</c> trigger in no firing whose dependency received a resent event of its own
/// (see <see cref="ChaosTally.Displaced"/>): the trigger kept the resent one in its place. Printed, not lost.
/// </param>
public sealed record TriggerFigures(string Trigger, int Accepted, int Firings, int Lost, int Duplicates, int Repeats, int Resent, int Displaced);

/// <summary>What a trigger does with the events of one dependency, which decides when an accepted event counts as lost.</summary>
public enum TriggerKeeps
{
    /// <summary>Every event fires on its own (no conditions): each accepted attempt must be in a firing.</summary>
    EveryEvent,

    /// <summary>
    /// An <c>&amp;&amp;</c> trigger keeps the latest event of each dependency: a refused attempt of the same number
    /// handled after the accepted one replaces it, so the number fired under that attempt counts (resent, not lost).
    /// </summary>
    LatestPerDependency,
}

/// <summary>Counts lost, duplicated, repeated and resent firings of one trigger from what was accepted and what the sink received.</summary>
public static class ChaosTally
{
    public static TriggerFigures Count(string trigger, IReadOnlyCollection<SentEvent> accepted, IReadOnlyCollection<Delivery> deliveries, TriggerKeeps keeps = TriggerKeeps.EveryEvent)
    {
        var firingIds = deliveries.Select(d => d.FiringId).Distinct().Count();
        return new TriggerFigures(
            trigger,
            accepted.Count,
            firingIds,
            Lost(accepted, deliveries, keeps).Count,
            Duplicated(deliveries).Count,
            deliveries.Count - firingIds,
            Resent(accepted, deliveries).Count,
            keeps == TriggerKeeps.EveryEvent ? 0 : Displaced(accepted, deliveries).Count);
    }

    /// <summary>
    /// Accepted events in no firing. Where the trigger keeps the latest event per dependency, an accepted event whose
    /// number fired under another attempt is not lost: that attempt reached the bus and was handled after it; nor is
    /// one <see cref="Displaced"/>.
    /// </summary>
    public static IReadOnlyList<SentEvent> Lost(IReadOnlyCollection<SentEvent> accepted, IReadOnlyCollection<Delivery> deliveries, TriggerKeeps keeps)
    {
        if (keeps == TriggerKeeps.LatestPerDependency)
        {
            var displaced = Displaced(accepted, deliveries).ToHashSet();
            return [.. Unfired(accepted, deliveries).Where(e => !displaced.Contains(e))];
        }

        var fired = deliveries.SelectMany(d => d.Events).ToHashSet();
        return [.. accepted.Where(e => !fired.Contains(e))];
    }

    /// <summary>
    /// For a trigger keeping the latest event per dependency: accepted events in no firing, on a side (dependency of one
    /// sensor) where a number fired under two attempts or more in different firings. Each such extra attempt is one
    /// event more than the client counts on that side (a refusal after the event had reached the bus, then the resend),
    /// and the trigger pairs it in the place of a later accepted event, which then waits for a partner or is replaced.
    /// Up to as many unfired events as the side had extra events are displaced; when a side has more, all its unfired
    /// events count as lost.
    /// </summary>
    public static IReadOnlyList<SentEvent> Displaced(IReadOnlyCollection<SentEvent> accepted, IReadOnlyCollection<Delivery> deliveries)
    {
        var extras = deliveries.SelectMany(d => d.Events).Distinct()
            .GroupBy(e => (e.Side, e.N))
            .Where(g => g.Count() > 1)
            .GroupBy(g => g.Key.Side)
            .ToDictionary(g => g.Key, g => g.Sum(n => n.Count() - 1));
        return [.. Unfired(accepted, deliveries)
            .GroupBy(e => e.Side)
            .Where(g => extras.TryGetValue(g.Key, out var extra) && g.Count() <= extra)
            .SelectMany(g => g)];
    }

    /// <summary>Accepted events in no firing whose number fired under no attempt either.</summary>
    private static IEnumerable<SentEvent> Unfired(IReadOnlyCollection<SentEvent> accepted, IReadOnlyCollection<Delivery> deliveries)
    {
        var firedNumbers = deliveries.SelectMany(d => d.Events).Select(e => (e.Side, e.N)).ToHashSet();
        return accepted.Where(e => !firedNumbers.Contains((e.Side, e.N)));
    }

    /// <summary>Events carried by two or more firing ids.</summary>
    public static IReadOnlyList<SentEvent> Duplicated(IReadOnlyCollection<Delivery> deliveries) =>
        [.. deliveries
            .SelectMany(d => d.Events.Select(e => (Event: e, d.FiringId)))
            .GroupBy(x => x.Event)
            .Where(g => g.Select(x => x.FiringId).Distinct().Count() > 1)
            .Select(g => g.Key)];

    /// <summary>Numbers (side, number) with an accepted attempt that fired under another attempt.</summary>
    public static IReadOnlyList<(string Side, int N)> Resent(IReadOnlyCollection<SentEvent> accepted, IReadOnlyCollection<Delivery> deliveries)
    {
        var acceptedAttempt = accepted.GroupBy(e => (e.Side, e.N)).ToDictionary(g => g.Key, g => g.Select(e => e.Attempt).ToHashSet());
        return [.. deliveries.SelectMany(d => d.Events)
            .Where(e => acceptedAttempt.TryGetValue((e.Side, e.N), out var attempts) && !attempts.Contains(e.Attempt))
            .Select(e => (e.Side, e.N))
            .Distinct()];
    }
}
