namespace Microservices.Events.Tests.SensorState;

/// <summary>The correlation saga on the test harness: every arrival order of AND, OR and mixed conditions (argo-cases.md K01–K08).</summary>
public sealed class CorrelationSagaTests
{
    public static TheoryData<string[]> OrdersOfTwo() => new() { new[] { "A", "B" }, new[] { "B", "A" } };

    public static TheoryData<string[]> OrdersOfThree()
    {
        var data = new TheoryData<string[]>();
        foreach (var order in Permutations(["A", "B", "C"]))
        {
            data.Add(order);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OrdersOfTwo))]
    public async Task Two_dependency_AND_fires_once_with_both_events_in_any_order(string[] order)
    {
        await using var h = await SensorStateHarness.StartAsync();
        foreach (var dep in order)
        {
            await h.MatchAsync("s", "t", "A && B", dep, $"{dep}-1");
        }

        var firing = Assert.Single(await h.FiringsAsync(1));
        Assert.Equal(["A", "B"], firing.Events.Keys.Order());
        Assert.Equal("A-1", firing.Events["A"].Id);
        Assert.Equal("B-1", firing.Events["B"].Id);
    }

    [Theory]
    [MemberData(nameof(OrdersOfThree))]
    public async Task Three_dependency_AND_fires_once_after_the_last_arrival_in_any_order(string[] order)
    {
        await using var h = await SensorStateHarness.StartAsync();
        for (var i = 0; i < order.Length; i++)
        {
            await h.MatchAsync("s", "t", "A && B && C", order[i], $"{order[i]}-1");
            if (i < order.Length - 1)
            {
                Assert.Empty(await h.FiringsAsync());
            }
        }

        var firing = Assert.Single(await h.FiringsAsync(1));
        Assert.Equal(["A-1", "B-1", "C-1"], firing.Events.Values.Select(e => e.Id).Order());
    }

    [Fact]
    public async Task K01_a_single_dependency_fires_on_every_event()
    {
        await using var h = await SensorStateHarness.StartAsync();
        await h.MatchAsync("s", "t", "A", "A", "a1");
        await h.MatchAsync("s", "t", "A", "A", "a2");

        var firings = await h.FiringsAsync(2);
        Assert.Equal(["a1", "a2"], firings.Select(f => f.Events["A"].Id).Order());
    }

    [Fact]
    public async Task K02_OR_fires_for_each_event_carrying_only_that_event()
    {
        await using var h = await SensorStateHarness.StartAsync();
        await h.MatchAsync("s", "t", "A || B", "A", "a1");
        await h.MatchAsync("s", "t", "A || B", "B", "b1");
        await h.MatchAsync("s", "t", "A || B", "A", "a2");

        var firings = await h.FiringsAsync(3);
        Assert.Equal(3, firings.Count);
        Assert.All(firings, f => Assert.Single(f.Events));
    }

    [Fact]
    public async Task K03_AND_uses_the_latest_event_per_dependency_and_starts_over_after_firing()
    {
        await using var h = await SensorStateHarness.StartAsync();
        foreach (var (dep, id) in new[] { ("A", "a1"), ("A", "a2"), ("B", "b1"), ("B", "b2"), ("A", "a3") })
        {
            await h.MatchAsync("s", "t", "A && B", dep, id);
        }

        var firings = await h.FiringsAsync(2);
        Assert.Equal(2, firings.Count);
        Assert.Contains(firings, f => f.Events["A"].Id == "a2" && f.Events["B"].Id == "b1");
        Assert.Contains(firings, f => f.Events["A"].Id == "a3" && f.Events["B"].Id == "b2");
    }

    [Fact]
    public async Task K14_the_same_event_delivered_twice_within_a_minute_counts_once()
    {
        await using var h = await SensorStateHarness.StartAsync();
        await h.MatchAsync("s", "t", "A && B", "A", "a1");
        await h.MatchAsync("s", "t", "A && B", "A", "a1");
        await h.MatchAsync("s", "t", "A && B", "B", "b1");
        await h.MatchAsync("s", "t", "A && B", "A", "a2");

        var firing = Assert.Single(await h.FiringsAsync(1));
        Assert.Equal("a1", firing.Events["A"].Id);
    }

    [Fact]
    public async Task A_redelivered_event_that_completed_a_firing_publishes_the_same_firing_again()
    {
        await using var h = await SensorStateHarness.StartAsync();
        await h.MatchAsync("s", "t", "A && B", "A", "a1");
        await h.MatchAsync("s", "t", "A && B", "B", "b1");
        await h.MatchAsync("s", "t", "A && B", "B", "b1");

        var firings = await h.FiringsAsync(2);
        Assert.Equal(2, firings.Count);
        Assert.Equal(firings[0].FiringId, firings[1].FiringId);
        Assert.Equal(["a1", "b1"], firings[1].Events.Values.Select(e => e.Id).Order());
    }

    [Fact]
    public async Task A_redelivered_event_that_completed_a_firing_publishes_the_same_firing_and_is_not_stored_again()
    {
        await using var h = await SensorStateHarness.StartAsync();
        await h.MatchAsync("s", "t", "A && B", "A", "a1");
        await h.MatchAsync("s", "t", "A && B", "B", "b1");
        await h.MatchAsync("s", "t", "A && B", "B", "b1");
        await h.MatchAsync("s", "t", "A && B", "A", "a1");
        await h.MatchAsync("s", "t", "A && B", "A", "a2");

        var firings = await h.FiringsAsync(3);
        Assert.Equal(3, firings.Count);
        Assert.Single(firings.Select(f => f.FiringId).Distinct());
        Assert.All(firings, f => Assert.Equal(["a1", "b1"], f.Events.Values.Select(e => e.Id).Order()));
        var state = h.Saga.Sagas.Contains(firings[0].CorrelationId);
        Assert.NotNull(state);
        Assert.Equal(["A"], state.StoredEvents.Keys);
        Assert.Equal("a2", state.StoredEvents["A"].Id);
    }

    [Fact]
    public async Task A_new_spec_generation_discards_stored_events()
    {
        await using var h = await SensorStateHarness.StartAsync();
        await h.MatchAsync("s", "t", "A && B", "A", "a1", generation: "g1");
        await h.MatchAsync("s", "t", "A && B", "B", "b1", generation: "g2");

        Assert.Empty(await h.FiringsAsync());
    }

    private static IEnumerable<string[]> Permutations(string[] items) =>
        items.Length <= 1
            ? [items]
            : items.SelectMany((item, i) => Permutations([.. items[..i], .. items[(i + 1)..]]).Select(rest => (string[])[item, .. rest]));
}
