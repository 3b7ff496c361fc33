using System.Text.Json;
using Microservices.Events.Contracts;
using Microservices.Events.SensorState.Matching;

namespace Microservices.Events.Tests.SensorState;

/// <summary>
/// The matcher's messages to correlation sagas: one at a time per saga, the matches made meanwhile grouped into the
/// next, each caller released by the publish of the message that holds its match.
/// </summary>
public sealed class MatchedDependencyGroupsTests
{
    private static readonly Guid SagaA = Guid.NewGuid();
    private static readonly Guid SagaB = Guid.NewGuid();

    [Fact]
    public async Task A_match_for_a_saga_with_nothing_in_flight_is_published_at_once_alone_and_its_caller_waits_for_the_confirm()
    {
        var bus = new HeldPublishes();
        var groups = new MatchedDependencyGroups(bus.PublishAsync);

        var sent = groups.SendAsync(Match(SagaA, "a1"), CancellationToken.None);

        var message = Assert.Single(bus.Messages);
        Assert.Equal(SagaA, message.CorrelationId);
        Assert.Equal(["a1"], Ids(message));
        Assert.False(sent.IsCompleted);
        bus.Confirm(0);
        await sent;
        Assert.Equal(0, groups.Waiting);
    }

    [Fact]
    public async Task Matches_made_while_a_message_is_in_flight_go_together_in_the_next_in_their_order()
    {
        var bus = new HeldPublishes();
        var groups = new MatchedDependencyGroups(bus.PublishAsync);

        var first = groups.SendAsync(Match(SagaA, "a1"), CancellationToken.None);
        var waiting = new[] { "a2", "b1", "a3", "b2" }.Select(id => groups.SendAsync(Match(SagaA, id), CancellationToken.None)).ToList();

        Assert.Single(bus.Messages);
        Assert.Equal(4, groups.Waiting);
        bus.Confirm(0);
        await first;
        await bus.CountAsync(2);
        Assert.Equal(["a2", "b1", "a3", "b2"], Ids(bus.Messages[1]));
        Assert.All(waiting, t => Assert.False(t.IsCompleted));
        bus.Confirm(1);
        await Task.WhenAll(waiting);
        Assert.Equal(0, groups.Waiting);
        Assert.Equal(2, bus.Messages.Count);
    }

    [Fact]
    public async Task A_saga_does_not_wait_for_another_sagas_message()
    {
        var bus = new HeldPublishes();
        var groups = new MatchedDependencyGroups(bus.PublishAsync);

        var a = groups.SendAsync(Match(SagaA, "a1"), CancellationToken.None);
        var b = groups.SendAsync(Match(SagaB, "b1"), CancellationToken.None);

        Assert.Equal([SagaA, SagaB], bus.Messages.Select(m => m.CorrelationId));
        bus.Confirm(1);
        await b;
        Assert.False(a.IsCompleted);
        bus.Confirm(0);
        await a;
    }

    [Fact]
    public async Task A_message_holds_at_most_its_limit_of_matches_and_the_rest_follow_in_order()
    {
        var bus = new HeldPublishes();
        var groups = new MatchedDependencyGroups(bus.PublishAsync);
        var count = 1 + MatchedDependencyGroups.MaxMatches * 2 + 3;

        var sent = Enumerable.Range(0, count).Select(i => groups.SendAsync(Match(SagaA, $"e{i}"), CancellationToken.None)).ToList();
        for (var i = 0; i < 4; i++)
        {
            await bus.CountAsync(i + 1);
            bus.Confirm(i);
        }

        await Task.WhenAll(sent);
        Assert.Equal([1, MatchedDependencyGroups.MaxMatches, MatchedDependencyGroups.MaxMatches, 3], bus.Messages.Select(m => m.Matches.Count));
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"e{i}"), bus.Messages.SelectMany(Ids));
    }

    [Theory]
    [InlineData("two halves of the limit share a message", new[] { 1, 2, 2 }, new[] { 1, 2 })]
    [InlineData("an event over the limit goes alone", new[] { 1, 5, 1, 1 }, new[] { 1, 1, 2 })]
    [InlineData("a small event after a full message starts the next", new[] { 1, 3, 2, 1 }, new[] { 1, 1, 2 })]
    public async Task A_message_holds_at_most_its_limit_of_event_data_unless_one_event_alone_is_larger(string name, int[] quarters, int[] expected)
    {
        var bus = new HeldPublishes();
        var groups = new MatchedDependencyGroups(bus.PublishAsync);

        var sent = quarters.Select((q, i) => groups.SendAsync(Match(SagaA, $"e{i}", MatchedDependencyGroups.MaxDataBytes / 4 * q - 2), CancellationToken.None)).ToList();
        for (var i = 0; i < expected.Length; i++)
        {
            await bus.CountAsync(i + 1);
            bus.Confirm(i);
        }

        await Task.WhenAll(sent);
        Assert.True(expected.SequenceEqual(bus.Messages.Select(m => m.Matches.Count)), $"{name}: {string.Join(",", bus.Messages.Select(m => m.Matches.Count))}");
    }

    [Fact]
    public async Task A_failed_publish_fails_the_callers_of_that_message_only_and_the_next_message_still_goes()
    {
        var bus = new HeldPublishes();
        var groups = new MatchedDependencyGroups(bus.PublishAsync);

        var first = groups.SendAsync(Match(SagaA, "a1"), CancellationToken.None);
        var second = groups.SendAsync(Match(SagaA, "a2"), CancellationToken.None);
        bus.Fail(0, new TimeoutException("no confirm"));

        Assert.Equal("no confirm", (await Assert.ThrowsAsync<TimeoutException>(() => first)).Message);
        await bus.CountAsync(2);
        bus.Confirm(1);
        await second;

        var third = groups.SendAsync(Match(SagaA, "a3"), CancellationToken.None);
        await bus.CountAsync(3);
        Assert.Equal(["a3"], Ids(bus.Messages[2]));
        bus.Confirm(2);
        await third;
    }

    [Fact]
    public async Task A_caller_whose_consume_is_cancelled_stops_waiting_and_its_match_is_still_published()
    {
        var bus = new HeldPublishes();
        var groups = new MatchedDependencyGroups(bus.PublishAsync);
        using var cancel = new CancellationTokenSource();

        var first = groups.SendAsync(Match(SagaA, "a1"), CancellationToken.None);
        var cancelled = groups.SendAsync(Match(SagaA, "a2"), cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        bus.Confirm(0);
        await first;
        await bus.CountAsync(2);
        Assert.Equal(["a2"], Ids(bus.Messages[1]));
        bus.Confirm(1);
    }

    private static DependencyMatched Match(Guid saga, string id, int dataBytes = 0) => new()
    {
        CorrelationId = saga,
        Sensor = "s",
        Trigger = "t",
        Dependency = "A",
        Conditions = "A && B",
        SpecGeneration = "g1",
        Event = new EventEnvelope { Id = id, Source = "src", Subject = "a", Type = "webhook", Data = dataBytes > 0 ? JsonSerializer.SerializeToElement(new string('x', dataBytes)) : null },
    };

    private static IEnumerable<string> Ids(DependenciesMatched message) => message.Matches.Select(m => m.Event.Id);

    /// <summary>A bus whose publishes end only when the test confirms or fails them, in the order they were made.</summary>
    private sealed class HeldPublishes
    {
        private readonly List<TaskCompletionSource> _confirms = [];

        public List<DependenciesMatched> Messages { get; } = [];

        public Task PublishAsync(DependenciesMatched message)
        {
            var confirm = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_confirms)
            {
                Messages.Add(message);
                _confirms.Add(confirm);
            }

            return confirm.Task;
        }

        public void Confirm(int index) => _confirms[index].SetResult();

        public void Fail(int index, Exception exception) => _confirms[index].SetException(exception);

        /// <summary>Waits until <paramref name="count"/> messages were published (the next one goes from a continuation).</summary>
        public async Task CountAsync(int count)
        {
            Assert.True(await Eventually.HoldsAsync(() => { lock (_confirms) { return Messages.Count >= count; } }), $"{count} messages were not published");
        }
    }
}
