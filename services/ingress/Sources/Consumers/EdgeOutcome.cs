namespace Microservices.Events.Ingress.Sources.Consumers;

/// <summary>What became of a message a consumer source handed on; only <see cref="Refused"/> must not be acknowledged.</summary>
public enum EdgeOutcome
{
    /// <summary>The bus accepted the event: acknowledge the message.</summary>
    Accepted,

    /// <summary>The event's filter expression dropped it: acknowledge the message, nothing is published.</summary>
    Filtered,

    /// <summary>The bus did not accept the event in time: leave the message unacknowledged (nack / requeue / no commit).</summary>
    Refused,
}
