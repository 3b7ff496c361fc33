using System.Diagnostics;
using System.Text;
using Microservices.Events.ServiceDefaults;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Microservices.Events.Tests.Durable;

/// <summary>
/// What RabbitMQ.Client (7.2.2) does when a broker operation on a channel is answered late, with the real broker behind
/// a relay that holds its replies: why a channel on which such an operation timed out is not used again.
/// </summary>
[Collection(DurableCollection.Name)]
public sealed class ChannelOperationTimeoutTests(DurableInfrastructure infrastructure)
{
    private static readonly TimeSpan ContinuationTimeout = TimeSpan.FromSeconds(2);

    private async Task<(HoldingTcpRelay Relay, IConnection Connection, IChannel Channel, string VirtualHost)?> ConnectAsync()
    {
        if (!infrastructure.Available())
        {
            return null;
        }

        var vhost = await infrastructure.CreateVirtualHostAsync($"channel-timeout-{Guid.NewGuid():N}");
        var relay = HoldingTcpRelay.To(infrastructure.RabbitPort);
        var factory = new ConnectionFactory { HostName = "127.0.0.1", Port = relay.Port, VirtualHost = vhost, RequestedHeartbeat = TimeSpan.Zero };
        var connection = await factory.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        channel.ContinuationTimeout = ContinuationTimeout;
        return (relay, connection, channel, vhost);
    }

    [Fact]
    public async Task A_broker_operation_waits_the_whole_continuation_timeout_whatever_the_callers_token_says()
    {
        if (await ConnectAsync() is not var (relay, connection, channel, _))
        {
            return;
        }

        await using (relay)
        await using (connection)
        {
            relay.Hold();
            using var caller = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            var clock = Stopwatch.StartNew();
            var failure = await Record(() => channel.ExchangeDeclareAsync("held", ExchangeType.Fanout, durable: false, autoDelete: false, cancellationToken: caller.Token));
            var waited = clock.Elapsed;
            relay.Release();

            Assert.IsAssignableFrom<OperationCanceledException>(failure);
            Assert.True(waited >= ContinuationTimeout - TimeSpan.FromMilliseconds(100), $"gave up after {waited.TotalMilliseconds:F0} ms, before the continuation timeout");
            Assert.True(channel.IsOpen, "the channel stays open after the timed-out operation");
            Assert.True(BrokerOperationTimeouts.IsBrokerOperationTimeout(failure!), failure!.ToString());
            Assert.True(BrokerOperationTimeouts.IsBrokerOperationTimeout(new AggregateException(new InvalidOperationException("publish failed", failure))));
        }
    }

    [Fact]
    public async Task After_a_timed_out_operation_a_delivery_ahead_of_its_late_reply_hands_that_reply_to_the_next_operation()
    {
        if (await ConnectAsync() is not var (relay, connection, channel, vhost))
        {
            return;
        }

        await using (relay)
        await using (connection)
        {
            await channel.QueueDeclareAsync("deliveries", durable: false, exclusive: false, autoDelete: false);
            var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, _) =>
            {
                delivered.TrySetResult();
                return Task.CompletedTask;
            };
            await channel.BasicConsumeAsync("deliveries", autoAck: true, consumer);

            relay.Hold();

            // A message for this channel's consumer: once the broker has sent it (the queue is empty again), its
            // basic.deliver is the first frame kept back.
            await PublishDirectAsync(vhost, "deliveries");
            Assert.True(await Eventually.HoldsAsync(async () => (await infrastructure.ListQueuesAsync(vhost)).Any(q => q.Name == "deliveries" && q.Ready == 0), TimeSpan.FromSeconds(10)), "the broker did not send the message");

            // Times out; its reply is kept back behind the delivery.
            var first = await Record(() => channel.ExchangeDeclareAsync("first", ExchangeType.Fanout));
            Assert.IsAssignableFrom<OperationCanceledException>(first);

            // The next operation is outstanding when the replies come.
            var second = Record(() => channel.QueueDeclareAsync("second", durable: false, exclusive: false, autoDelete: false));
            await Task.Delay(300);
            relay.Release();
            var secondFailure = await second;
            await delivered.Task.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.IsType<InvalidOperationException>(secondFailure);
            Assert.Contains("unexpected command of type ExchangeDeclareOk", secondFailure!.Message, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Late_replies_with_nothing_between_them_are_set_aside_and_the_channel_answers_again()
    {
        if (await ConnectAsync() is not var (relay, connection, channel, _))
        {
            return;
        }

        await using (relay)
        await using (connection)
        {
            relay.Hold();
            Assert.IsAssignableFrom<OperationCanceledException>(await Record(() => channel.ExchangeDeclareAsync("one", ExchangeType.Fanout)));
            Assert.IsAssignableFrom<OperationCanceledException>(await Record(() => channel.ExchangeDeclareAsync("two", ExchangeType.Fanout)));
            relay.Release();

            var clock = Stopwatch.StartNew();
            for (var i = 0; i < 5; i++)
            {
                await channel.ExchangeDeclareAsync($"after-{i}", ExchangeType.Fanout);
            }

            Assert.True(clock.Elapsed < ContinuationTimeout, $"five declares took {clock.Elapsed.TotalMilliseconds:F0} ms");
        }
    }

    private async Task PublishDirectAsync(string vhost, string queue)
    {
        var factory = new ConnectionFactory { HostName = "127.0.0.1", Port = infrastructure.RabbitPort, VirtualHost = vhost };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await channel.BasicPublishAsync("", queue, Encoding.UTF8.GetBytes("x"));
    }

    private static async Task<Exception?> Record(Func<Task> operation)
    {
        try
        {
            await operation();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}
