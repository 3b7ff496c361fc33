namespace Microservices.Events.ServiceDefaults;

/// <summary>
/// A consumer's publish failed because a broker operation on its channel timed out (see
/// <see cref="BrokerOperationTimeouts"/>). Not a cancellation: MassTransit turns a cancellation thrown by a consumer
/// into a <c>ConsumerCanceledException</c> that keeps nothing of it, and the channel could no longer be told apart.
/// The timeout is kept in <see cref="Timeout"/>, not as the inner exception, for the same reason.
/// </summary>
public sealed class BrokerOperationTimedOutException(string message, Exception timeout) : Exception($"{message}: {timeout.GetType().Name}: {timeout.Message}")
{
    /// <summary>The cancellation or timeout RabbitMQ.Client raised.</summary>
    public Exception Timeout { get; } = timeout;
}
