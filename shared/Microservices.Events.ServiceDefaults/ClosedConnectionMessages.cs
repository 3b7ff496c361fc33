using System.Runtime.CompilerServices;

namespace Microservices.Events.ServiceDefaults;

/// <summary>
/// The messages being handled, each with the broker connection it came in on, and which of them to cancel: those whose
/// connection has been closed for at least a grace period (no clock of its own). Messages and connections are held
/// weakly, so a message whose handling ended without <see cref="Finished"/> is dropped with it.
/// </summary>
/// <param name="isOpen">Whether a connection is open now.</param>
/// <param name="cancel">Cancels a message's handling; false when it had ended meanwhile.</param>
public sealed class ClosedConnectionMessages(Func<object, bool> isOpen, Func<object, bool> cancel)
{
    private readonly ConditionalWeakTable<object, object> _handling = [];
    private readonly ConditionalWeakTable<object, StrongBox<DateTimeOffset>> _closedSince = [];

    /// <summary><paramref name="message"/>, received on <paramref name="connection"/>, is being handled.</summary>
    public void Started(object message, object connection) => _handling.AddOrUpdate(message, connection);

    /// <summary>The handling of <paramref name="message"/> ended.</summary>
    public void Finished(object message) => _handling.Remove(message);

    /// <summary>
    /// Cancels every message whose connection was first seen closed at least <paramref name="grace"/> before
    /// <paramref name="now"/> (a connection is first seen closed by the first call that finds it so); returns, per
    /// connection, how many were cancelled and how long it has been seen closed.
    /// </summary>
    public IReadOnlyList<(object Connection, int Cancelled, TimeSpan ClosedFor)> Release(DateTimeOffset now, TimeSpan grace)
    {
        var released = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
        foreach (var (message, connection) in _handling.ToList())
        {
            if (isOpen(connection))
            {
                continue;
            }

            if (now - _closedSince.GetValue(connection, _ => new StrongBox<DateTimeOffset>(now)).Value < grace)
            {
                continue;
            }

            _handling.Remove(message);
            if (cancel(message))
            {
                released[connection] = released.GetValueOrDefault(connection) + 1;
            }
        }

        return released.Select(r => (r.Key, r.Value, now - _closedSince.GetValue(r.Key, _ => new StrongBox<DateTimeOffset>(now)).Value)).ToList();
    }
}
