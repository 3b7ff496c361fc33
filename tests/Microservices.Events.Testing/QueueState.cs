namespace Microservices.Events.Testing;

/// <summary>One queue as <c>rabbitmqctl list_queues</c> reports it.</summary>
public sealed record QueueState(string Name, long Ready, long Unacknowledged, int Consumers);
