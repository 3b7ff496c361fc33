using System.Globalization;

namespace Microservices.Events.Tests.Durable.Chaos;

/// <summary>One attempt at sending an event as the report shows it: number, answer, and seconds after the load started when it was sent and answered.</summary>
public sealed record AttemptSeen(int Attempt, string Answer, double SentSeconds, double AnsweredSeconds);

/// <summary>
/// A firing that carried an event's number, on its side or another side of the same sensor (for <c>A5:72</c> also
/// <c>B5:72</c>), under any attempt: its id, its events, when the sink first received it and how often.
/// </summary>
public sealed record FiringSeen(string FiringId, string Events, double AtSeconds, int Deliveries);

/// <summary>
/// A lost, duplicated or displaced event named: the trigger, <see cref="What"/> (<c>lost</c>, <c>duplicate</c> or
/// <c>displaced</c>), the event
/// (<c>side:number:attempt</c>), every attempt sent for its number with its answer and times, the firings that carried
/// the number (<see cref="FiringSeen"/>), and the disruption nearest in time to its attempts.
/// </summary>
public sealed record EventFinding(string Trigger, string What, string Event, IReadOnlyList<AttemptSeen> Attempts, IReadOnlyList<FiringSeen> Firings, string NearestDisruption)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{What} {Event} ({Trigger}): attempts {(Attempts.Count == 0 ? "none recorded" : string.Join(", ", Attempts.Select(a => $"{a.Attempt} {a.Answer} sent {a.SentSeconds:F1} s answered {a.AnsweredSeconds:F1} s")))}; " +
        $"firings of its number {(Firings.Count == 0 ? "none" : string.Join(", ", Firings.Select(f => $"{f.FiringId} [{f.Events}] at {f.AtSeconds:F1} s{(f.Deliveries > 1 ? $" ×{f.Deliveries}" : "")}")))}; " +
        $"nearest disruption {NearestDisruption}");
}

/// <summary>Names each event <see cref="ChaosTally"/> counts lost, duplicated or displaced, with what is known of it.</summary>
public static class ChaosFindings
{
    public static IReadOnlyList<EventFinding> Of(
        string trigger,
        IReadOnlyCollection<SentEvent> accepted,
        IReadOnlyCollection<Delivery> deliveries,
        TriggerKeeps keeps,
        IReadOnlyDictionary<(string Side, int N), IReadOnlyList<AttemptSeen>> attempts,
        IReadOnlyList<Disruption> disruptions)
    {
        EventFinding Finding(string what, SentEvent e)
        {
            var sent = attempts.TryGetValue((e.Side, e.N), out var list) ? list : [];
            var firings = deliveries
                .Where(d => d.Events.Any(x => x.N == e.N && Sensor(x.Side) == Sensor(e.Side)))
                .GroupBy(d => d.FiringId)
                .Select(g => new FiringSeen(g.Key, string.Join("+", g.First().Events), Math.Round(g.Min(d => d.AtSeconds), 1), g.Count()))
                .OrderBy(f => f.AtSeconds)
                .ToList();
            return new EventFinding(trigger, what, e.ToString(), sent, firings, Nearest(sent, firings, disruptions));
        }

        return
        [
            .. ChaosTally.Lost(accepted, deliveries, keeps).Select(e => Finding("lost", e)),
            .. ChaosTally.Duplicated(deliveries).Select(e => Finding("duplicate", e)),
            .. (keeps == TriggerKeeps.LatestPerDependency ? ChaosTally.Displaced(accepted, deliveries) : []).Select(e => Finding("displaced", e)),
        ];
    }

    /// <summary>The sensor a side belongs to: what follows its dependency letter (<c>5</c> of <c>A5</c>; empty for the relay's <c>C</c>).</summary>
    public static string Sensor(string side) => side[1..];

    /// <summary>
    /// The disruption whose span (from its start until the part was back) lies nearest to the span from the first
    /// attempt's sending to the last answer or firing; <c>none</c> without disruptions.
    /// </summary>
    public static string Nearest(IReadOnlyList<AttemptSeen> attempts, IReadOnlyList<FiringSeen> firings, IReadOnlyList<Disruption> disruptions)
    {
        var times = attempts.SelectMany(a => new[] { a.SentSeconds, a.AnsweredSeconds }).Concat(firings.Select(f => f.AtSeconds)).ToList();
        if (disruptions.Count == 0 || times.Count == 0)
        {
            return "none";
        }

        var (from, to) = (times.Min(), times.Max());
        var nearest = disruptions.MinBy(d => Math.Max(0, Math.Max(d.AtSeconds - to, from - (d.AtSeconds + d.BackAfterSeconds))))!;
        return string.Create(CultureInfo.InvariantCulture, $"{nearest.What} at {nearest.AtSeconds:F1} s, back at {nearest.AtSeconds + nearest.BackAfterSeconds:F1} s");
    }
}
