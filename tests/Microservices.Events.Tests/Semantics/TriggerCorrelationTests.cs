using System.Globalization;
using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Correlation;

namespace Microservices.Events.Tests.Semantics;

/// <summary>
/// The per-trigger rule shared by the matcher, the saga and simulate: what fires at once and what goes to the saga,
/// every arrival order, resets, duplicates, spec generations, firing ids.
/// </summary>
public sealed class TriggerCorrelationTests
{
    private static readonly DateTimeOffset Noon = DateTimeOffset.Parse("2024-07-15T12:00:00Z", CultureInfo.InvariantCulture);

    private static readonly Guid Saga = DeterministicGuid.Create("trigger", "s", "t");

    private static MatchedDependency Matched(string dependency, string id, DateTimeOffset time, string conditions = "A && B", string generation = "g1", params ConditionsResetSchedule[] resets) =>
        new(Saga, "s", "t", dependency, conditions, generation, resets, new EventEnvelope { Id = id, Source = "src", Subject = dependency, Type = "webhook", Time = time });

    [Theory]
    [InlineData("A", "A", CorrelationStepKind.Fired)]
    [InlineData("A || B", "B", CorrelationStepKind.Fired)]
    [InlineData("(A || B) || C", "C", CorrelationStepKind.Fired)]
    [InlineData("A && B", "A", CorrelationStepKind.HandedOver)]
    [InlineData("A && B && C", "C", CorrelationStepKind.HandedOver)]
    [InlineData("(A && B) || C", "C", CorrelationStepKind.HandedOver)]
    public void Without_state_a_trigger_without_an_AND_fires_at_once_and_one_with_an_AND_is_handed_to_its_saga(string conditions, string dependency, CorrelationStepKind expected)
    {
        var step = TriggerCorrelation.Step(Matched(dependency, "e1", Noon, conditions), state: null, Noon);

        Assert.Equal(expected, step.Kind);
        Assert.Equal(expected == CorrelationStepKind.Fired, step.Firing is not null);
    }

    [Fact]
    public void A_firing_without_state_carries_the_event_alone_an_id_the_event_determines_and_the_clock()
    {
        var requestedAt = Noon.AddSeconds(3);

        var firing = TriggerCorrelation.Step(Matched("A", "a1", Noon, conditions: "A || B", generation: "g7"), state: null, requestedAt).Firing;

        Assert.NotNull(firing);
        Assert.Equal(Guid.Parse("62a1dd36-6e9d-50d1-9998-855a686ba360"), firing.FiringId);
        Assert.Equal(CorrelationRound.FiringId("s", "t", firing.Events), firing.FiringId);
        Assert.Equal("a1", Assert.Single(firing.Events, e => e.Key == "A").Value.Id);
        Assert.Equal((Saga, "s", "t", "g7", requestedAt), (firing.CorrelationId, firing.Sensor, firing.Trigger, firing.SpecGeneration, firing.RequestedAt));
    }

    [Fact]
    public void Without_state_nothing_is_remembered_so_an_event_delivered_again_asks_for_the_same_firing_again()
    {
        var first = TriggerCorrelation.Step(Matched("A", "a1", Noon, conditions: "A"), state: null, Noon);
        var again = TriggerCorrelation.Step(Matched("A", "a1", Noon, conditions: "A"), state: null, Noon.AddSeconds(1));

        Assert.Equal(CorrelationStepKind.Fired, again.Kind);
        Assert.Equal(first.Firing!.FiringId, again.Firing!.FiringId);
    }

    /// <summary>Arrivals such as <c>A1 B1</c> (dependency A, event A1) through the matcher, then the saga for what it hands over; firings as <c>A1+B1|C1</c>.</summary>
    [Theory]
    [InlineData("A", "A1 A2", "A1|A2")]
    [InlineData("A || B", "A1 B1 A2", "A1|B1|A2")]
    [InlineData("A && B", "A1 B1", "A1+B1")]
    [InlineData("A && B", "B1 A1", "A1+B1")]
    [InlineData("A && B", "A1 A2 A3 B1", "A3+B1")]
    [InlineData("A && B", "A1 B1 B2", "A1+B1")]
    [InlineData("A && B", "A1 B1 B2 A2", "A1+B1|A2+B2")]
    [InlineData("A && B && C", "A1 B1 C1", "A1+B1+C1")]
    [InlineData("A && B && C", "A1 C1 B1", "A1+B1+C1")]
    [InlineData("A && B && C", "B1 A1 C1", "A1+B1+C1")]
    [InlineData("A && B && C", "B1 C1 A1", "A1+B1+C1")]
    [InlineData("A && B && C", "C1 A1 B1", "A1+B1+C1")]
    [InlineData("A && B && C", "C1 B1 A1", "A1+B1+C1")]
    [InlineData("(A && B) || C", "C1", "C1")]
    [InlineData("(A && B) || C", "A1 C1", "A1+C1")]
    [InlineData("(A && B) || C", "A1 B1 B2 C1", "A1+B1|B2+C1")]
    public void Every_arrival_order_fires_as_Argo_does_through_the_matcher_and_the_saga(string conditions, string arrivals, string expected)
    {
        var saga = new CorrelationState();
        var fired = new List<string>();
        var now = Noon;
        foreach (var arrival in arrivals.Split(' '))
        {
            now = now.AddSeconds(1);
            var matched = Matched(arrival[..1], arrival, now, conditions);
            var step = TriggerCorrelation.Step(matched, state: null, now);
            if (step.Kind == CorrelationStepKind.HandedOver)
            {
                step = TriggerCorrelation.Step(matched, saga, now);
            }

            if (step.Firing is { } firing)
            {
                Assert.Equal(CorrelationRound.FiringId("s", "t", firing.Events), firing.FiringId);
                fired.Add(string.Join('+', firing.Events.Values.Select(e => e.Id).Order(StringComparer.Ordinal)));
            }
        }

        Assert.Equal(expected, string.Join('|', fired));
    }

    [Fact]
    public void K13_a_conditions_reset_tick_between_two_halves_drops_the_first()
    {
        var state = new CorrelationState();
        var hourly = new ConditionsResetSchedule { Cron = "0 * * * *" };

        TriggerCorrelation.Step(Matched("A", "a1", Noon.AddMinutes(10), resets: hourly), state, Noon.AddMinutes(10));
        var step = TriggerCorrelation.Step(Matched("B", "b1", Noon.AddMinutes(70), resets: hourly), state, Noon.AddMinutes(70));

        Assert.Equal(CorrelationStepKind.Stored, step.Kind);
        Assert.Equal(1, step.DiscardedByReset);
        Assert.Equal(["B"], state.StoredEvents.Keys);
    }

    [Fact]
    public void Without_a_tick_in_between_the_halves_combine()
    {
        var state = new CorrelationState();
        var hourly = new ConditionsResetSchedule { Cron = "0 * * * *" };

        TriggerCorrelation.Step(Matched("A", "a1", Noon.AddMinutes(10), resets: hourly), state, Noon.AddMinutes(10));
        var step = TriggerCorrelation.Step(Matched("B", "b1", Noon.AddMinutes(50), resets: hourly), state, Noon.AddMinutes(50));

        Assert.Equal(CorrelationStepKind.Fired, step.Kind);
        Assert.Empty(state.StoredEvents);
    }

    [Fact]
    public void Reset_ticks_are_read_in_their_timezone()
    {
        var state = new CorrelationState();
        var midnightInTokyo = new ConditionsResetSchedule { Cron = "0 0 * * *", Timezone = "Asia/Tokyo" };   // 15:00 UTC

        TriggerCorrelation.Step(Matched("A", "a1", Noon, resets: midnightInTokyo), state, Noon);
        var step = TriggerCorrelation.Step(Matched("B", "b1", Noon.AddHours(4), resets: midnightInTokyo), state, Noon.AddHours(4));

        Assert.Equal(CorrelationStepKind.Stored, step.Kind);
    }

    [Fact]
    public void K14_an_event_that_fired_and_is_delivered_again_repeats_the_same_firing_instead_of_a_new_one()
    {
        var state = new CorrelationState();

        var first = TriggerCorrelation.Step(Matched("A", "a1", Noon, conditions: "A"), state, Noon);
        var again = TriggerCorrelation.Step(Matched("A", "a1", Noon, conditions: "A"), state, Noon.AddSeconds(30));
        var later = TriggerCorrelation.Step(Matched("A", "a1", Noon, conditions: "A"), state, Noon.AddMinutes(10));

        Assert.Equal(CorrelationStepKind.Fired, first.Kind);
        Assert.Equal(CorrelationStepKind.Repeated, again.Kind);
        Assert.Equal(CorrelationStepKind.Repeated, later.Kind);
        Assert.Equal(first.Firing!.FiringId, again.Firing!.FiringId);
        Assert.Equal(first.Firing.FiringId, later.Firing!.FiringId);
    }

    [Fact]
    public void A_stored_event_delivered_again_after_the_window_is_stored_again_not_fired()
    {
        var state = new CorrelationState();

        TriggerCorrelation.Step(Matched("A", "a1", Noon), state, Noon);
        var later = TriggerCorrelation.Step(Matched("A", "a1", Noon), state, Noon.AddMinutes(5));

        Assert.Equal(CorrelationStepKind.Stored, later.Kind);
        Assert.Equal(["A"], state.StoredEvents.Keys);
    }

    [Fact]
    public void An_event_seen_again_that_fired_nothing_is_a_duplicate()
    {
        var state = new CorrelationState();

        TriggerCorrelation.Step(Matched("A", "a1", Noon), state, Noon);
        var again = TriggerCorrelation.Step(Matched("A", "a1", Noon), state, Noon.AddSeconds(5));

        Assert.Equal(CorrelationStepKind.Duplicate, again.Kind);
        Assert.Null(again.Firing);
    }

    [Fact]
    public void K09_one_event_for_two_dependencies_is_not_a_duplicate()
    {
        var state = new CorrelationState();

        TriggerCorrelation.Step(Matched("A", "tick", Noon), state, Noon);
        var step = TriggerCorrelation.Step(Matched("B", "tick", Noon), state, Noon);

        Assert.Equal(CorrelationStepKind.Fired, step.Kind);
    }

    [Fact]
    public void K12_a_new_generation_discards_what_the_old_one_stored()
    {
        var state = new CorrelationState();

        TriggerCorrelation.Step(Matched("A", "a1", Noon, generation: "g1"), state, Noon);
        var step = TriggerCorrelation.Step(Matched("B", "b1", Noon, generation: "g2"), state, Noon);

        Assert.Equal(CorrelationStepKind.Stored, step.Kind);
        Assert.Equal(1, step.DiscardedBySpecChange);
    }

    [Fact]
    public void Firing_ids_depend_on_the_sensor_trigger_and_events_only()
    {
        var events = new Dictionary<string, EventEnvelope> { ["A"] = new() { Id = "1", Source = "s" }, ["B"] = new() { Id = "2", Source = "s" } };
        var reordered = new Dictionary<string, EventEnvelope> { ["B"] = events["B"], ["A"] = events["A"] };

        Assert.Equal(CorrelationRound.FiringId("s", "t", events), CorrelationRound.FiringId("s", "t", reordered));
        Assert.NotEqual(CorrelationRound.FiringId("s", "t", events), CorrelationRound.FiringId("s", "other", events));
    }
}
