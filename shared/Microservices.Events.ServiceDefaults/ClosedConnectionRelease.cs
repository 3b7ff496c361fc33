using MassTransit;
using MassTransit.RabbitMqTransport;
using MassTransit.Transports;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Microservices.Events.ServiceDefaults;

/// <summary>
/// Cancels the handling of messages still running <c>Bus:StopTimeoutSeconds</c> after the broker connection they came
/// in on closed (<see cref="ClosedConnectionMessages"/>, checked every second), so the connection's shutdown can finish
/// and every endpoint on it consumes again. Why: in RabbitMQ.Client 7.2.2 a channel shuts down only once its
/// consumer's running deliveries have returned, and the connection shuts its channels down one after another. A
/// handler whose acknowledgement (or negative one) is written after the connection's write loop has ended waits for
/// room in the connection's outgoing frame buffer (128 frames) until its token is cancelled; MassTransit 8.5.12 passes
/// the message's own token, which it cancels only when the consumer stops, and the consumer stops only when its
/// channel's shutdown reaches it. So the connection's shutdown waits for that handler for good, the channels after it
/// never learn that they closed, and their endpoints stay without a consumer while MassTransit reports them ready.
/// Cancelling the message's token ends the waiting write; the message was not acknowledged, so the broker delivers it
/// again.
/// </summary>
public sealed class ClosedConnectionRelease(TimeProvider time, IOptions<BusOptions> options, ILogger<ClosedConnectionRelease> logger)
    : BackgroundService, IReceiveObserver
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    // A connection whose write loop ended is as good as closed, though it may still count itself open.
    private readonly ClosedConnectionMessages _messages = new(c => Live((IConnection)c), Cancel);

    public Task PreReceive(ReceiveContext context)
    {
        if (context is BaseReceiveContext message && context.TryGetPayload(out ChannelContext? channel))
        {
            _messages.Started(message, channel.ConnectionContext.Connection);
        }

        return Task.CompletedTask;
    }

    public Task PostReceive(ReceiveContext context)
    {
        _messages.Finished(context);
        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
        where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
        where T : class => Task.CompletedTask;

    // Not finished here: MassTransit sends the negative acknowledgement after this call, and that write can wait too.
    public Task ReceiveFault(ReceiveContext context, Exception exception) => Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var (connection, cancelled, closedFor) in _messages.Release(time.GetUtcNow(), TimeSpan.FromSeconds(options.Value.StopTimeoutSeconds)))
                {
                    logger.LogWarning(
                        "The broker connection {Connection} has been closed for {Seconds:F0} s and {Count} messages that came in on it were still being handled; their handling is cancelled so the connection's shutdown can finish, and the broker delivers them again",
                        connection, closedFor.TotalSeconds, cancelled);
                    Abort((IConnection)connection);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static bool Live(IConnection connection) => connection.IsOpen && !ConnectionWriteLoop.Ended(connection);

    /// <summary>
    /// A connection that still counts itself open although its write loop ended (its read loop waits to send a
    /// close-ok that never leaves) is aborted, so it raises its shutdown to MassTransit and the channels on it; not
    /// awaited, as the abort's own close frame can wait too.
    /// </summary>
    private void Abort(IConnection connection)
    {
        if (!connection.IsOpen)
        {
            return;
        }

        logger.LogWarning("The broker connection {Connection} counts itself open but can no longer send; it is aborted so the bus opens a new one", connection);
        _ = Task.Run(async () =>
        {
            try
            {
                await connection.AbortAsync(Constants.ConnectionForced, "its write loop ended", TimeSpan.FromSeconds(5));
            }
            catch (Exception ex)
            {
                logger.LogDebug(ex, "Aborting the broker connection {Connection} ended with an error", connection);
            }
        });
    }

    private static bool Cancel(object message)
    {
        try
        {
            ((BaseReceiveContext)message).Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }
}
