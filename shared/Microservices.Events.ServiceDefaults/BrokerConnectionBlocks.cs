namespace Microservices.Events.ServiceDefaults;

/// <summary>
/// Which broker connections of this process the broker has blocked, why and since when (pure state, no clock of its
/// own). RabbitMQ blocks a connection that publishes while one of its resource alarms (memory, disk) is set: it stops
/// reading from that connection, so every frame on it waits (publishes, confirms, acknowledgements, declares, the
/// <c>basic.consume</c> of an endpoint that is reconnecting) until the alarm clears.
/// </summary>
public sealed class BrokerConnectionBlocks
{
    private readonly Dictionary<string, (string Reason, DateTimeOffset Since)> _blocked = new(StringComparer.Ordinal);

    /// <summary>The broker blocked <paramref name="connection"/> for <paramref name="reason"/>; a repeated notice keeps the first time.</summary>
    public void Blocked(string connection, string reason, DateTimeOffset at)
    {
        var since = _blocked.TryGetValue(connection, out var earlier) ? earlier.Since : at;
        _blocked[connection] = (string.IsNullOrWhiteSpace(reason) ? "no reason given" : reason, since);
    }

    /// <summary>
    /// The broker unblocked <paramref name="connection"/>, or it closed (a new connection starts unblocked); returns how
    /// long it had been blocked, null when it was not.
    /// </summary>
    public TimeSpan? Ended(string connection, DateTimeOffset at) =>
        _blocked.Remove(connection, out var was) ? at - was.Since : null;

    /// <summary>The connections blocked at <paramref name="now"/>, by name, with their reason and for how long.</summary>
    public IReadOnlyList<(string Connection, string Reason, TimeSpan For)> Current(DateTimeOffset now) =>
        _blocked.OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => (b.Key, b.Value.Reason, now - b.Value.Since)).ToList();
}
