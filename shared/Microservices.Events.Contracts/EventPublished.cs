namespace Microservices.Events.Contracts;

/// <summary>Published by bus-gateway once an event is validated and not a duplicate; any service or external consumer may bind to it.</summary>
public sealed record EventPublished
{
    public EventEnvelope Event { get; init; } = new();

    public DateTimeOffset ReceivedAt { get; init; }

    public DateTimeOffset PublishedAt { get; init; }
}
