namespace Microservices.Events.Tests.Durable.Chaos;

public sealed class ChaosTallyTests
{
    /// <summary>
    /// Accepted events as <c>side:n:attempt</c>, comma-separated; deliveries as <c>firingId=side:n:attempt+…</c>,
    /// comma-separated; then the expected accepted, firings, lost, duplicates, repeats and resent.
    /// </summary>
    public static TheoryData<string, string, string, int, int, int, int, int, int> Rows => new()
    {
        { "each event fired once", "C:1:1,C:2:1", "f1=C:1:1,f2=C:2:1", 2, 2, 0, 0, 0, 0 },
        { "an accepted event never fired is lost", "C:1:1,C:2:1", "f1=C:1:1", 2, 1, 1, 0, 0, 0 },
        { "one event under two firing ids is a duplicate", "C:1:1", "f1=C:1:1,f2=C:1:1", 1, 2, 0, 1, 0, 0 },
        { "one firing id delivered twice is a repeat", "C:1:1", "f1=C:1:1,f1=C:1:1", 1, 1, 0, 0, 1, 0 },
        { "a repeat carrying the same event is no duplicate", "C:1:1,C:2:1", "f1=C:1:1,f1=C:1:1,f1=C:1:1,f2=C:2:1", 2, 2, 0, 0, 2, 0 },
        { "a refused attempt that reached the bus fires beside the accepted one: resent", "C:1:2", "f1=C:1:1,f2=C:1:2", 1, 2, 0, 0, 0, 1 },
        { "only the accepted attempt counts: firing a refused one does not save it", "C:1:2", "f1=C:1:1", 1, 1, 1, 0, 0, 0 },
        { "a pair's firing carries both sides", "A:1:1,B:1:1,A:2:1,B:2:1", "p1=A:1:1+B:1:1,p2=A:2:1+B:2:1", 4, 2, 0, 0, 0, 0 },
        { "an A fired in two pairs is a duplicate", "A:1:1,B:1:1,B:2:1", "p1=A:1:1+B:1:1,p2=A:1:1+B:2:1", 3, 2, 0, 1, 0, 0 },
        { "the same number on the other side is another event", "A:1:1,B:1:1", "p1=A:1:1+B:1:1", 2, 1, 0, 0, 0, 0 },
        { "nothing sent, nothing fired", "", "", 0, 0, 0, 0, 0, 0 },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Lost_duplicates_repeats_and_resent_events_are_counted_per_trigger(string name, string accepted, string deliveries, int expectedAccepted, int firings, int lost, int duplicates, int repeats, int resent)
    {
        var figures = ChaosTally.Count("t", Split(accepted).Select(Event).ToList(), Split(deliveries).Select(DeliveryOf).ToList());

        Assert.Equal(new TriggerFigures("t", expectedAccepted, firings, lost, duplicates, repeats, resent), figures);
        Assert.NotEmpty(name);
    }

    private static string[] Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries);

    private static SentEvent Event(string text)
    {
        var parts = text.Split(':');
        return new SentEvent(parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static Delivery DeliveryOf(string text)
    {
        var (id, events) = (text.Split('=')[0], text.Split('=')[1]);
        return new Delivery(id, events.Split('+').Select(Event).ToList());
    }
}
