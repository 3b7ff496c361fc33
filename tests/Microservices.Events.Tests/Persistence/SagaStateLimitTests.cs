using System.Text;
using System.Text.Json;
using MassTransit;
using MassTransit.Testing;
using Microservices.Events.Contracts;
using Microservices.Events.Persistence;
using Microservices.Events.Persistence.Sagas;
using Microservices.Events.Tests.Support;

namespace Microservices.Events.Tests.Persistence;

/// <summary><c>State:MaxSagaStateBytes</c>: a saga row over it is refused where it is written, naming the trigger and the limit.</summary>
public sealed class SagaStateLimitTests
{
    /// <summary>The row's text, the limit, and the size reported (null: within the limit).</summary>
    public static TheoryData<string, string, int, int?> Rows => new()
    {
        { "an empty row", "", 65_536, null },
        { "a row far under the limit", new string('x', 20_000), 65_536, null },
        { "a row exactly at the limit", new string('x', 65_536), 65_536, null },
        { "one byte over the limit", new string('x', 65_537), 65_536, 65_537 },
        { "two-byte characters count twice", new string('é', 40_000), 65_536, 80_000 },
        { "three-byte characters count three times", new string('€', 30_000), 100_000, null },
        { "three-byte characters over the limit", new string('€', 40_000), 100_000, 120_000 },
        { "a surrogate pair is four bytes", string.Concat(Enumerable.Repeat("😀", 20_000)), 65_536, 80_000 },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void A_row_is_over_the_limit_by_its_UTF_8_bytes(string name, string data, int maxBytes, int? expected)
    {
        Assert.Equal(expected, SagaStateLimit.Excess(Encoding.UTF8.GetBytes(data), maxBytes));
        Assert.NotEmpty(name);
    }

    [Fact]
    public void The_refusal_names_the_table_the_instance_its_size_and_the_setting()
    {
        Assert.Equal(
            "saga_trigger_correlation_state: the state of sensor s trigger t would be 70123 bytes, over State:MaxSagaStateBytes (65536); the message is refused and the state kept as it was",
            SagaStateLimit.Refusal("saga_trigger_correlation_state", "sensor s trigger t", 70_123, 65_536));
    }

    [Fact]
    public async Task An_event_that_would_grow_a_trigger_state_past_the_limit_faults_and_the_trigger_fires_with_the_events_before_it()
    {
        using var refused = new CounterTotal(StateTelemetry.MeterName, "state_saga_rows_refused_total");
        using var file = new TempStateFile();
        await using var replica = await SagaReplica.StartAsync(StateBackend.ForFile(file), o => o.MaxSagaStateBytes = 65_536);

        await replica.MatchAsync("A", "a1", Text(20_000));
        Assert.True(await Eventually.HoldsAsync(async () => (await replica.StateAsync())?.Version == 1, TimeSpan.FromSeconds(30)), "a1 was not stored");
        await replica.MatchAsync("A", "a2", Text(70_000));

        Assert.True(await replica.Harness.Published.Any<Fault<DependencyMatched>>(), "the event over the limit did not fault");
        var fault = replica.Harness.Published.Select<Fault<DependencyMatched>>().Single().Context.Message;
        Assert.Equal("a2", fault.Message.Event.Id);
        Assert.Contains("the state of sensor s trigger t would be", fault.Exceptions.Single().Message);
        Assert.Contains("over State:MaxSagaStateBytes (65536)", fault.Exceptions.Single().Message);
        Assert.Equal(typeof(SagaStateTooLargeException).FullName, fault.Exceptions.Single().ExceptionType);
        Assert.Equal(1, refused.Total);
        var state = (await replica.StateAsync())!;
        Assert.Equal((1, "a1"), (state.Version, state.StoredEvents["A"].Id));

        await replica.MatchAsync("B", "b1");
        Assert.True(await Eventually.HoldsAsync(() => replica.Firings.Count == 1, TimeSpan.FromSeconds(30)), "the trigger did not fire after the refusal");
        Assert.Equal(("a1", "b1"), (replica.Firings[0].Events["A"].Id, replica.Firings[0].Events["B"].Id));
    }

    [Fact]
    public async Task A_grouped_message_that_would_grow_the_state_past_the_limit_is_split_and_only_the_event_over_it_faults()
    {
        using var refused = new CounterTotal(StateTelemetry.MeterName, "state_saga_rows_refused_total");
        using var file = new TempStateFile();
        await using var replica = await SagaReplica.StartAsync(StateBackend.ForFile(file), o => o.MaxSagaStateBytes = 65_536);

        await replica.MatchAsync("A", "a0");
        Assert.True(await Eventually.HoldsAsync(async () => (await replica.StateAsync())?.Version == 1, TimeSpan.FromSeconds(30)), "a0 was not stored");
        await replica.MatchGroupAsync(("A", "a1", Text(20_000)), ("A", "a2", Text(70_000)), ("B", "b1", null));

        Assert.True(await replica.Harness.Published.Any<Fault<DependencyMatched>>(), "the event over the limit did not fault");
        var fault = replica.Harness.Published.Select<Fault<DependencyMatched>>().Single().Context.Message;
        Assert.Equal("a2", fault.Message.Event.Id);
        Assert.Equal(typeof(SagaStateTooLargeException).FullName, fault.Exceptions.Single().ExceptionType);
        Assert.True(await Eventually.HoldsAsync(() => replica.Firings.Count == 1, TimeSpan.FromSeconds(30)), "the matches that fit did not fire");
        Assert.Equal(("a1", "b1"), (replica.Firings[0].Events["A"].Id, replica.Firings[0].Events["B"].Id));
        Assert.Equal(["a0", "a1", "a2", "b1"], replica.Harness.Published.Select<DependencyMatched>().Select(m => m.Context.Message.Event.Id));
        Assert.Equal(2, refused.Total);
    }

    [Fact]
    public async Task A_firing_whose_change_is_refused_is_not_published()
    {
        using var file = new TempStateFile();
        await using var replica = await SagaReplica.StartAsync(StateBackend.ForFile(file), o => o.MaxSagaStateBytes = 65_536);

        await replica.MatchAsync("A", "a1", Text(20_000));
        Assert.True(await Eventually.HoldsAsync(async () => (await replica.StateAsync())?.Version == 1, TimeSpan.FromSeconds(30)), "a1 was not stored");
        await replica.MatchAsync("B", "b1", Text(70_000));

        Assert.True(await replica.Harness.Published.Any<Fault<DependencyMatched>>(), "the event over the limit did not fault");
        Assert.Empty(replica.Firings);
        Assert.Equal(1, (await replica.StateAsync())!.Version);
    }

    private static JsonElement Text(int length) => JsonSerializer.SerializeToElement(new string('x', length));
}
