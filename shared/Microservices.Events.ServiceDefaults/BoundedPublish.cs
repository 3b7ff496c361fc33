using MassTransit;

namespace Microservices.Events.ServiceDefaults;

/// <summary>
/// Publishing from a consumer that cannot wait forever. RabbitMQ.Client 7 can leave a publisher confirmation pending
/// for good when the channel closes under it (a broker restart), and MassTransit waits for it with the token given to
/// <c>Publish</c>; unbounded, the handler never ends and its receive endpoint never consumes again.
/// </summary>
public static class BoundedPublish
{
    /// <summary>Publishes <paramref name="message"/>, cancelled with the consume or after <paramref name="timeout"/>.</summary>
    /// <exception cref="BrokerOperationTimedOutException">A broker operation on the channel timed out.</exception>
    public static Task PublishWithin<T>(this ConsumeContext context, T message, TimeSpan timeout)
        where T : class =>
        Reported(context.Publish(message, Bounded(context, timeout)), typeof(T));

    /// <summary>The same for a message known only at run time: published as its runtime type.</summary>
    public static Task PublishWithin(this ConsumeContext context, object message, TimeSpan timeout) =>
        Reported(context.Publish(message, Bounded(context, timeout)), message.GetType());

    /// <summary>
    /// Publishes <paramref name="message"/> through <paramref name="endpoint"/> outside any consumer's outbox, cancelled
    /// with <paramref name="cancellationToken"/> or after <paramref name="timeout"/>; the timer ends with the publish.
    /// </summary>
    /// <exception cref="BrokerOperationTimedOutException">A broker operation on the channel timed out.</exception>
    public static async Task PublishWithin<T>(this IPublishEndpoint endpoint, T message, TimeSpan timeout, CancellationToken cancellationToken)
        where T : class
    {
        using var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(timeout);
        await Reported(endpoint.Publish(message, source.Token), typeof(T));
    }

    private static async Task Reported(Task publish, Type message)
    {
        try
        {
            await publish;
        }
        catch (Exception ex) when (BrokerOperationTimeouts.IsBrokerOperationTimeout(ex))
        {
            throw new BrokerOperationTimedOutException($"Publishing {message.Name} failed, a broker operation on the channel timed out", ex);
        }
    }

    // Not disposed: an in-memory outbox publishes after the consumer returned, and a disposed source would never
    // cancel. Its timer ends with the timeout.
    private static CancellationToken Bounded(ConsumeContext context, TimeSpan timeout)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        source.CancelAfter(timeout);
        return source.Token;
    }
}
