using System.Text.RegularExpressions;

namespace Microservices.Events.ServiceDefaults;

/// <summary>
/// Recognises a RabbitMQ channel operation that gave up waiting for the broker's reply (a declare, bind, qos, consume,
/// cancel or get that timed out, RabbitMQ.Client's <c>ContinuationTimeout</c>). RabbitMQ.Client 7.2.2 reports it as an
/// <see cref="OperationCanceledException"/> (or <see cref="TimeoutException"/>) thrown through the channel's operation;
/// a publish waiting for its confirmation is not one of these.
/// </summary>
public static partial class BrokerOperationTimeouts
{
    /// <summary>Whether <paramref name="exception"/>, or one it wraps, is a channel operation that timed out.</summary>
    public static bool IsBrokerOperationTimeout(Exception exception) =>
        Flatten(exception).Any(e => e is BrokerOperationTimedOutException || IsBrokerOperationTimeout(e.GetType(), e.StackTrace));

    /// <summary>
    /// Whether an exception of <paramref name="exceptionType"/> with <paramref name="stackTrace"/> is a channel operation
    /// that timed out: a cancellation or timeout raised through one of the channel's request-and-reply operations.
    /// </summary>
    public static bool IsBrokerOperationTimeout(Type exceptionType, string? stackTrace) =>
        (typeof(OperationCanceledException).IsAssignableFrom(exceptionType) || typeof(TimeoutException).IsAssignableFrom(exceptionType))
        && stackTrace is not null
        && ChannelOperationFrame().IsMatch(stackTrace);

    private static IEnumerable<Exception> Flatten(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        var seen = 0;
        while (pending.Count > 0 && seen++ < 32)
        {
            var current = pending.Pop();
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }

    // The request-and-reply operations of RabbitMQ.Client's channel (AMQP 0-9-1 methods answered by a -ok); the publish
    // and acknowledgement operations are not among them.
    [GeneratedRegex(@"\bat RabbitMQ\.Client\.Impl\.(?:Autorecovering)?Channel\.(?:Exchange\w*|Queue\w*|BasicQos|BasicConsume|BasicCancel|BasicGet|Tx\w+|ConfirmSelect)Async\(", RegexOptions.CultureInvariant)]
    private static partial Regex ChannelOperationFrame();
}
