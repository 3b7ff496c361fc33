using Microservices.Events.ServiceDefaults;

namespace Microservices.Events.Tests.Bus;

/// <summary>Which messages being handled are cancelled because the connection they came in on closed, and when.</summary>
public sealed class ClosedConnectionMessagesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 19, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    private readonly HashSet<object> _closed = new(ReferenceEqualityComparer.Instance);
    private readonly List<object> _cancelled = [];
    private readonly HashSet<object> _ended = new(ReferenceEqualityComparer.Instance);

    private ClosedConnectionMessages Messages() => new(c => !_closed.Contains(c), m =>
    {
        if (_ended.Contains(m))
        {
            return false;
        }

        _cancelled.Add(m);
        return true;
    });

    [Fact]
    public void Messages_of_a_connection_closed_for_the_grace_period_are_cancelled_once_and_others_are_left_alone()
    {
        var messages = Messages();
        object old = new(), current = new();
        object stuck = new(), alsoStuck = new(), onCurrent = new();
        messages.Started(stuck, old);
        messages.Started(alsoStuck, old);
        messages.Started(onCurrent, current);

        _closed.Add(old);
        Assert.Empty(messages.Release(T0, Grace));
        Assert.Empty(messages.Release(T0.AddSeconds(9), Grace));
        var released = messages.Release(T0.AddSeconds(10), Grace);
        var again = messages.Release(T0.AddSeconds(20), Grace);

        Assert.Equal([(old, 2, TimeSpan.FromSeconds(10))], released);
        Assert.Equal([stuck, alsoStuck], _cancelled);
        Assert.Empty(again);
    }

    [Fact]
    public void A_message_whose_handling_finished_is_not_cancelled()
    {
        var messages = Messages();
        object connection = new(), message = new();
        messages.Started(message, connection);
        messages.Finished(message);

        _closed.Add(connection);
        messages.Release(T0, Grace);

        Assert.Empty(messages.Release(T0.AddMinutes(1), Grace));
        Assert.Empty(_cancelled);
    }

    [Fact]
    public void A_message_that_ended_without_being_told_is_dropped_without_counting()
    {
        var messages = Messages();
        object connection = new(), faulted = new();
        messages.Started(faulted, connection);
        _ended.Add(faulted);

        _closed.Add(connection);
        messages.Release(T0, Grace);

        Assert.Empty(messages.Release(T0.AddSeconds(10), Grace));
        Assert.Empty(messages.Release(T0.AddSeconds(20), Grace));
    }

    [Fact]
    public void The_grace_period_counts_from_when_the_connection_was_first_seen_closed()
    {
        var messages = Messages();
        object connection = new(), message = new();
        messages.Started(message, connection);
        Assert.Empty(messages.Release(T0, Grace));

        _closed.Add(connection);
        Assert.Empty(messages.Release(T0.AddSeconds(30), Grace));
        Assert.Empty(messages.Release(T0.AddSeconds(39), Grace));
        Assert.Single(messages.Release(T0.AddSeconds(40), Grace));
    }
}
