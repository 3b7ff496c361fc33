namespace Microservices.Events.Contracts;

/// <summary>Sent by ingress to the bus-gateway queue for every accepted external occurrence.</summary>
public sealed record EventIngested
{
    public EventEnvelope Event { get; init; } = new();

    public DateTimeOffset ReceivedAt { get; init; }
}
