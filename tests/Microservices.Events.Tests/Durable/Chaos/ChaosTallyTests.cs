namespace Microservices.Events.Tests.Durable.Chaos;

public sealed class ChaosTallyTests
{
    private const TriggerKeeps Every = TriggerKeeps.EveryEvent;
    private const TriggerKeeps Latest = TriggerKeeps.LatestPerDependency;

    /// <summary>
    /// Accepted events as <c>side:n:attempt</c>, comma-separated; deliveries as <c>firingId=side:n:attempt+…</c>,
    /// comma-separated; what the trigger keeps; then the expected accepted, firings, lost, duplicates, repeats, resent and displaced.
    /// </summary>
    public static TheoryData<string, string, string, TriggerKeeps, int[]> Rows => new()
    {
        { "each event fired once", "C:1:1,C:2:1", "f1=C:1:1,f2=C:2:1", Every, [2, 2, 0, 0, 0, 0, 0] },
        { "an accepted event never fired is lost", "C:1:1,C:2:1", "f1=C:1:1", Every, [2, 1, 1, 0, 0, 0, 0] },
        { "one event under two firing ids is a duplicate", "C:1:1", "f1=C:1:1,f2=C:1:1", Every, [1, 2, 0, 1, 0, 0, 0] },
        { "one firing id delivered twice is a repeat", "C:1:1", "f1=C:1:1,f1=C:1:1", Every, [1, 1, 0, 0, 1, 0, 0] },
        { "a repeat carrying the same event is no duplicate", "C:1:1,C:2:1", "f1=C:1:1,f1=C:1:1,f1=C:1:1,f2=C:2:1", Every, [2, 2, 0, 0, 2, 0, 0] },
        { "a refused attempt that reached the bus fires beside the accepted one: resent", "C:1:2", "f1=C:1:1,f2=C:1:2", Every, [1, 2, 0, 0, 0, 1, 0] },
        { "a trigger firing every event loses the accepted attempt when only a refused one fired", "C:1:2", "f1=C:1:1", Every, [1, 1, 1, 0, 0, 1, 0] },
        { "a pair's firing carries both sides", "A:1:1,B:1:1,A:2:1,B:2:1", "p1=A:1:1+B:1:1,p2=A:2:1+B:2:1", Latest, [4, 2, 0, 0, 0, 0, 0] },
        { "an A fired in two pairs is a duplicate", "A:1:1,B:1:1,B:2:1", "p1=A:1:1+B:1:1,p2=A:1:1+B:2:1", Latest, [3, 2, 0, 1, 0, 0, 0] },
        { "the same number on the other side is another event", "A:1:1,B:1:1", "p1=A:1:1+B:1:1", Latest, [2, 1, 0, 0, 0, 0, 0] },
        { "a refused A handled after the accepted one is the latest A: the pair fired with it, resent and not lost", "A:1:2,B:1:1", "p1=A:1:1+B:1:1", Latest, [2, 1, 0, 0, 0, 1, 0] },
        { "a refused B handled after the accepted one is the latest B: resent and not lost", "A:1:1,B:1:3", "p1=A:1:1+B:1:2", Latest, [2, 1, 0, 0, 0, 1, 0] },
        { "an accepted A whose number fired under no attempt is lost also when the trigger keeps the latest", "A:1:1,B:1:1,A:2:1", "p1=A:1:1+B:1:1", Latest, [3, 1, 1, 0, 0, 0, 0] },
        { "another side's number fired under another attempt does not save an event", "A:1:2,B:1:1", "p1=A:2:1+B:1:1", Latest, [2, 1, 1, 0, 0, 0, 0] },
        { "a B resent after its pair fired pairs with the next A: the next B waits, displaced and not lost", "A:1:1,B:1:1,A:2:1,B:2:1", "p1=A:1:1+B:1:1,p2=A:2:1+B:1:3", Latest, [4, 2, 0, 0, 0, 1, 1] },
        { "the waiting B fires with the next A: nothing displaced", "A:1:1,B:1:1,A:2:1,B:2:1,A:3:1", "p1=A:1:1+B:1:1,p2=A:2:1+B:1:3,p3=A:3:1+B:2:1", Latest, [5, 3, 0, 0, 0, 1, 0] },
        { "an A resent late replaces the next accepted A: displaced", "A:1:1,B:1:1,A:2:1,B:2:1", "p1=A:1:1+B:1:1,p2=A:1:2+B:2:1", Latest, [4, 2, 0, 0, 0, 1, 1] },
        { "one resent event displaces one accepted event, not two", "A:1:1,B:1:1,A:2:1,B:2:1,B:3:1", "p1=A:1:1+B:1:1,p2=A:2:1+B:1:3", Latest, [5, 2, 2, 0, 0, 1, 0] },
        { "a resent event on the other side displaces nothing", "A:1:1,B:1:1,A:2:1", "p1=A:1:1+B:1:1,p2=A:7:1+B:1:3", Latest, [3, 2, 1, 0, 0, 1, 0] },
        { "a relay trigger displaces nothing", "C:1:1,C:2:1", "f1=C:1:1,f2=C:1:2", Every, [2, 2, 1, 0, 0, 1, 0] },
        { "nothing sent, nothing fired", "", "", Latest, [0, 0, 0, 0, 0, 0, 0] },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Lost_duplicates_repeats_resent_and_displaced_events_are_counted_per_trigger(string name, string accepted, string deliveries, TriggerKeeps keeps, int[] expected)
    {
        var figures = ChaosTally.Count("t", Events(accepted), Deliveries(deliveries), keeps);

        Assert.Equal(new TriggerFigures("t", expected[0], expected[1], expected[2], expected[3], expected[4], expected[5], expected[6]), figures);
        Assert.NotEmpty(name);
    }

    [Fact]
    public void A_lost_event_is_named_with_its_attempts_the_firings_of_its_number_and_the_nearest_disruption()
    {
        var attempts = new Dictionary<(string Side, int N), IReadOnlyList<AttemptSeen>>
        {
            [("A", 1)] = [new AttemptSeen(1, "503", 10.0, 10.4), new AttemptSeen(2, "200", 11.0, 11.1)],
        };
        Disruption[] disruptions = [new("kill -9 ingress", 2.0, 10, 3.0, 3.0), new("restart RabbitMQ", 9.5, 100, 4.0, 6.0)];

        var findings = ChaosFindings.Of("pair", Events("A:1:2,B:1:1"), Deliveries("p1=A:1:1+B:1:1@12.5,p2=A:2:1+B:2:1@14"), TriggerKeeps.EveryEvent, attempts, disruptions);

        var finding = Assert.Single(findings);
        Assert.Equal(("lost", "A:1:2"), (finding.What, finding.Event));
        Assert.Equal(attempts[("A", 1)], finding.Attempts);
        Assert.Equal(new[] { new FiringSeen("p1", "A:1:1+B:1:1", 12.5, 1) }, finding.Firings);
        Assert.Equal("restart RabbitMQ at 9.5 s, back at 13.5 s", finding.NearestDisruption);
        Assert.Equal(
            "lost A:1:2 (pair): attempts 1 503 sent 10.0 s answered 10.4 s, 2 200 sent 11.0 s answered 11.1 s; firings of its number p1 [A:1:1+B:1:1] at 12.5 s; nearest disruption restart RabbitMQ at 9.5 s, back at 13.5 s",
            finding.ToString());
        Assert.Empty(ChaosFindings.Of("pair", Events("A:1:2,B:1:1"), Deliveries("p1=A:1:1+B:1:1@12.5"), TriggerKeeps.LatestPerDependency, attempts, disruptions));
    }

    [Fact]
    public void The_firings_of_a_lost_event_include_those_carrying_its_number_on_the_other_side_of_its_sensor()
    {
        var findings = ChaosFindings.Of("pair", Events("A5:75:1,B5:75:1,A5:73:1"), Deliveries("p1=A5:73:1+B5:75:1@9,p2=A6:75:1+B6:75:1@9"), TriggerKeeps.LatestPerDependency, new Dictionary<(string Side, int N), IReadOnlyList<AttemptSeen>>(), []);

        var finding = Assert.Single(findings);
        Assert.Equal("A5:75:1", finding.Event);
        Assert.Equal(new[] { new FiringSeen("p1", "A5:73:1+B5:75:1", 9, 1) }, finding.Firings);
    }

    [Fact]
    public void A_duplicate_is_named_with_both_firings_and_how_often_each_came()
    {
        var findings = ChaosFindings.Of("relay", Events("C:7:1"), Deliveries("f1=C:7:1@3,f2=C:7:1@4,f2=C:7:1@15"), TriggerKeeps.EveryEvent, new Dictionary<(string Side, int N), IReadOnlyList<AttemptSeen>>(), []);

        var finding = Assert.Single(findings);
        Assert.Equal(("duplicate", "C:7:1", "none"), (finding.What, finding.Event, finding.NearestDisruption));
        Assert.Equal(new[] { new FiringSeen("f1", "C:7:1", 3, 1), new FiringSeen("f2", "C:7:1", 4, 2) }, finding.Firings);
        Assert.Empty(finding.Attempts);
    }

    private static List<SentEvent> Events(string list) => [.. Split(list).Select(Event)];

    private static List<Delivery> Deliveries(string list) => [.. Split(list).Select(DeliveryOf)];

    private static string[] Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries);

    private static SentEvent Event(string text)
    {
        var parts = text.Split(':');
        return new SentEvent(parts[0], Number(parts[1]), Number(parts[2]));
    }

    /// <summary><c>firingId=side:n:attempt+…</c>, optionally <c>@seconds</c> when it arrived.</summary>
    private static Delivery DeliveryOf(string text)
    {
        var (id, rest) = (text.Split('=')[0], text.Split('=')[1]);
        var at = rest.Split('@') is [_, var seconds] ? double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return new Delivery(id, [.. rest.Split('@')[0].Split('+').Select(Event)], at);
    }

    private static int Number(string text) => int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
