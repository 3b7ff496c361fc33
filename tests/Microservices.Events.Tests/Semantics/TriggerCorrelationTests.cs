using System.Globalization;
using Microservices.Events.Contracts;
using Microservices.Events.Semantics.Correlation;

namespace Microservices.Events.Tests.Semantics;

/// <summary>The per-trigger rule shared by the saga and simulate: resets, duplicates, spec generations, firing ids.</summary>
public sealed class TriggerCorrelationTests
{
    private static readonly DateTimeOffset Noon = DateTimeOffset.Parse("2024-07-15T12:00:00Z", CultureInfo.InvariantCulture);

    private static DependencyMatched Matched(string dependency, string id, DateTimeOffset time, string conditions = "A && B", string generation = "g1", params ConditionsResetSchedule[] resets) => new()
    {
        Dependency = dependency,
        Conditions = conditions,
        SpecGeneration = generation,
        ConditionsReset = resets,
        Event = new EventEnvelope { Id = id, Source = "src", Subject = dependency, Type = "webhook", Time = time },
    };

    [Fact]
    public void K13_a_conditions_reset_tick_between_two_halves_drops_the_first()
    {
        var state = new CorrelationState();
        var hourly = new ConditionsResetSchedule { Cron = "0 * * * *" };

        TriggerCorrelation.Step(state, "s", "t", Matched("A", "a1", Noon.AddMinutes(10), resets: hourly), Noon.AddMinutes(10));
        var step = TriggerCorrelation.Step(state, "s", "t", Matched("B", "b1", Noon.AddMinutes(70), resets: hourly), Noon.AddMinutes(70));

        Assert.Equal(CorrelationStepKind.Stored, step.Kind);
        Assert.Equal(1, step.DiscardedByReset);
        Assert.Equal(["B"], state.StoredEvents.Keys);
    }

    [Fact]
    public void Without_a_tick_in_between_the_halves_combine()
    {
        var state = new CorrelationState();
        var hourly = new ConditionsResetSchedule { Cron = "0 * * * *" };

        TriggerCorrelation.Step(state, "s", "t", Matched("A", "a1", Noon.AddMinutes(10), resets: hourly), Noon.AddMinutes(10));
        var step = TriggerCorrelation.Step(state, "s", "t", Matched("B", "b1", Noon.AddMinutes(50), resets: hourly), Noon.AddMinutes(50));

        Assert.Equal(CorrelationStepKind.Fired, step.Kind);
        Assert.Empty(state.StoredEvents);
    }

    [Fact]
    public void Reset_ticks_are_read_in_their_timezone()
    {
        var state = new CorrelationState();
        var midnightInTokyo = new ConditionsResetSchedule { Cron = "0 0 * * *", Timezone = "Asia/Tokyo" };   // 15:00 UTC

        TriggerCorrelation.Step(state, "s", "t", Matched("A", "a1", Noon, resets: midnightInTokyo), Noon);
        var step = TriggerCorrelation.Step(state, "s", "t", Matched("B", "b1", Noon.AddHours(4), resets: midnightInTokyo), Noon.AddHours(4));

        Assert.Equal(CorrelationStepKind.Stored, step.Kind);
    }

    [Fact]
    public void K14_an_event_that_fired_and_is_delivered_again_repeats_the_same_firing_instead_of_a_new_one()
    {
        var state = new CorrelationState();

        var first = TriggerCorrelation.Step(state, "s", "t", Matched("A", "a1", Noon, conditions: "A"), Noon);
        var again = TriggerCorrelation.Step(state, "s", "t", Matched("A", "a1", Noon, conditions: "A"), Noon.AddSeconds(30));
        var later = TriggerCorrelation.Step(state, "s", "t", Matched("A", "a1", Noon, conditions: "A"), Noon.AddMinutes(10));

        Assert.Equal(CorrelationStepKind.Fired, first.Kind);
        Assert.Equal(CorrelationStepKind.Repeated, again.Kind);
        Assert.Equal(CorrelationStepKind.Repeated, later.Kind);
        Assert.Equal(first.FiringId, again.FiringId);
        Assert.Equal(first.FiringId, later.FiringId);
    }

    [Fact]
    public void A_stored_event_delivered_again_after_the_window_is_stored_again_not_fired()
    {
        var state = new CorrelationState();

        TriggerCorrelation.Step(state, "s", "t", Matched("A", "a1", Noon), Noon);
        var later = TriggerCorrelation.Step(state, "s", "t", Matched("A", "a1", Noon), Noon.AddMinutes(5));

        Assert.Equal(CorrelationStepKind.Stored, later.Kind);
        Assert.Equal(["A"], state.StoredEvents.Keys);
    }

    [Fact]
    public void An_event_seen_again_that_fired_nothing_is_a_duplicate()
    {
        var state = new CorrelationState();

        TriggerCorrelation.Step(state, "s", "t", Matched("A", "a1", Noon), Noon);
        var again = TriggerCorrelation.Step(state, "s", "t", Matched("A", "a1", Noon), Noon.AddSeconds(5));

        Assert.Equal(CorrelationStepKind.Duplicate, again.Kind);
        Assert.Empty(again.FiringEvents);
    }

    [Fact]
    public void K09_one_event_for_two_dependencies_is_not_a_duplicate()
    {
        var state = new CorrelationState();

        TriggerCorrelation.Step(state, "s", "t", Matched("A", "tick", Noon), Noon);
        var step = TriggerCorrelation.Step(state, "s", "t", Matched("B", "tick", Noon), Noon);

        Assert.Equal(CorrelationStepKind.Fired, step.Kind);
    }

    [Fact]
    public void K12_a_new_generation_discards_what_the_old_one_stored()
    {
        var state = new CorrelationState();

        TriggerCorrelation.Step(state, "s", "t", Matched("A", "a1", Noon, generation: "g1"), Noon);
        var step = TriggerCorrelation.Step(state, "s", "t", Matched("B", "b1", Noon, generation: "g2"), Noon);

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
