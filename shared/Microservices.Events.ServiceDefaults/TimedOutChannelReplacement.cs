using System.Runtime.CompilerServices;
using MassTransit;
using MassTransit.RabbitMqTransport;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace Microservices.Events.ServiceDefaults;

/// <summary>
/// Closes the RabbitMQ channel a message came in on once handling it met a channel operation that timed out (see
/// <see cref="BrokerOperationTimeouts"/>), so MassTransit opens a new one and the endpoint consumes on it. In MassTransit
/// 8 a consumer publishes over its own endpoint's channel, and RabbitMQ.Client 7.2.2 keeps a channel open after such a
/// timeout with its bookkeeping of late replies no longer to be trusted: later operations can be answered with an
/// earlier operation's reply. The messages the channel carried were not acknowledged, so the broker delivers them again.
/// Called after every failed attempt (<see cref="IRetryObserver"/>) and after the last (<see cref="IConsumeObserver"/>).
/// </summary>
public sealed class TimedOutChannelReplacement(ILogger<TimedOutChannelReplacement> logger) : IRetryObserver, IConsumeObserver
{
    private readonly ConditionalWeakTable<IChannel, object> _closing = [];

    public Task PostCreate<T>(RetryPolicyContext<T> context)
        where T : class, PipeContext => Task.CompletedTask;

    public Task PostFault<T>(RetryContext<T> context)
        where T : class, PipeContext => Inspect(context.Context, context.Exception);

    public Task PreRetry<T>(RetryContext<T> context)
        where T : class, PipeContext => Task.CompletedTask;

    public Task RetryFault<T>(RetryContext<T> context)
        where T : class, PipeContext => Inspect(context.Context, context.Exception);

    public Task RetryComplete<T>(RetryContext<T> context)
        where T : class, PipeContext => Task.CompletedTask;

    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class => Inspect(context, exception);

    private Task Inspect(PipeContext context, Exception exception)
    {
        if (!BrokerOperationTimeouts.IsBrokerOperationTimeout(exception)
            || (context as ConsumeContext)?.ReceiveContext is not { } receive
            || !receive.TryGetPayload(out ChannelContext? channelContext)
            || channelContext.Channel is not { IsOpen: true } channel
            || !_closing.TryAdd(channel, receive.InputAddress))
        {
            return Task.CompletedTask;
        }

        logger.LogWarning(
            "A broker operation on the channel of {Endpoint} timed out ({Error}); the channel is closed and replaced, its unacknowledged messages are delivered again",
            receive.InputAddress.AbsolutePath.Trim('/'), exception.GetBaseException().Message);

        // Not awaited: closing waits for the channel's running handlers, this one among them.
        _ = Task.Run(() => CloseAsync(channel, receive.InputAddress));
        return Task.CompletedTask;
    }

    private async Task CloseAsync(IChannel channel, Uri endpoint)
    {
        try
        {
            await channel.CloseAsync(Constants.InternalError, "a broker operation on this channel timed out", abort: true);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Closing the channel of {Endpoint} failed", endpoint.AbsolutePath.Trim('/'));
        }
    }
}
