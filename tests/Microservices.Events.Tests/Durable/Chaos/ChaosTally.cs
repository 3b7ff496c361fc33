namespace Microservices.Events.Tests.Durable.Chaos;

/// <summary>
/// One event a client sent: the dependency it feeds (<see cref="Side"/>, e.g. <c>A</c>), its number and the attempt
/// (from 1) that carried it. An event resent after a refusal is the same number under a higher attempt.
/// </summary>
public sealed record SentEvent(string Side, int N, int Attempt);

/// <summary>One call of a trigger's action as the sink saw it: its firing id and the events it carried.</summary>
public sealed record Delivery(string FiringId, IReadOnlyList<SentEvent> Events);

/// <summary>What one trigger did with the events accepted for it.</summary>
/// <param name="Accepted">Events the webhook answered 200.</param>
/// <param name="Firings">Distinct firing ids delivered.</param>
/// <param name="Lost">Accepted events in no firing.</param>
/// <param name="Duplicates">Events (side, number, attempt) carried by two or more firing ids: fired twice.</param>
/// <param name="Repeats">Deliveries of a firing id beyond its first: one firing executed again.</param>
/// <param name="Resent">
/// Numbers fired under two attempts: an attempt refused (503, or the connection cut) after the event had reached the
/// bus, then sent again by the client. Two events to the system, so not duplicates; printed for the record.
/// </param>
public sealed record TriggerFigures(string Trigger, int Accepted, int Firings, int Lost, int Duplicates, int Repeats, int Resent);

/// <summary>Counts lost, duplicated and repeated firings of one trigger from what was accepted and what the sink received.</summary>
public static class ChaosTally
{
    public static TriggerFigures Count(string trigger, IReadOnlyCollection<SentEvent> accepted, IReadOnlyCollection<Delivery> deliveries)
    {
        var firingIds = deliveries.Select(d => d.FiringId).Distinct().Count();
        var firingsOf = deliveries
            .SelectMany(d => d.Events.Select(e => (Event: e, d.FiringId)))
            .GroupBy(x => x.Event)
            .ToDictionary(g => g.Key, g => g.Select(x => x.FiringId).Distinct().Count());
        var lost = accepted.Count(e => !firingsOf.ContainsKey(e));
        var duplicates = firingsOf.Count(kv => kv.Value > 1);
        var resent = firingsOf.Keys.GroupBy(e => (e.Side, e.N)).Count(g => g.Select(e => e.Attempt).Distinct().Count() > 1);
        return new TriggerFigures(trigger, accepted.Count, firingIds, lost, duplicates, deliveries.Count - firingIds, resent);
    }
}
