namespace Microservices.Events.Contracts;

/// <summary>
/// A retained event replayed into one sensor (<c>events replay</c>): sensor-state matches it against that sensor's
/// dependencies only, so other sensors do not fire again. It bypasses bus-gateway (whose de-duplication window would
/// drop an event it has seen); firing ids follow from the events as for live ones, so a repeated replay fires nothing new.
/// </summary>
public sealed record EventReplayed
{
    /// <summary>The Sensor object name; no other sensor sees the event.</summary>
    public string Sensor { get; init; } = "";

    public EventEnvelope Event { get; init; } = new();

    public DateTimeOffset ReplayedAt { get; init; }
}
