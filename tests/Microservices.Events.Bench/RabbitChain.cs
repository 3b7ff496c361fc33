using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Microservices.Events.Bench;

/// <summary>
/// The raw chain on RabbitMQ with bare RabbitMQ.Client: durable queues, persistent messages published with publisher
/// confirms; each hop has a connection of its own (as each service has), consumes with manual acks, the services'
/// prefetch and concurrency, and acknowledges a message only once the next queue confirmed it (or the sink answered).
/// </summary>
public sealed class RabbitChain(RabbitMqTestNode rabbit, string vhost) : IChainHops
{
    private static readonly BasicProperties Persistent = new() { Persistent = true, ContentType = "application/json" };

    private readonly List<IConnection> _connections = [];
    private readonly List<IChannel> _channels = [];
    private IChannel? _entry;

    private static string Queue(int hop) => $"raw-chain-{hop + 1}";

    public async Task StartAsync(Func<byte[], Task> deliver)
    {
        var factory = new ConnectionFactory { HostName = "127.0.0.1", Port = rabbit.Port, VirtualHost = vhost };
        _entry = await PublisherAsync(await ConnectAsync(factory, "raw-chain-entry"));
        for (var hop = 0; hop < IChainHops.Count; hop++)
        {
            await _entry.QueueDeclareAsync(Queue(hop), durable: true, exclusive: false, autoDelete: false);
        }

        for (var hop = 0; hop < IChainHops.Count; hop++)
        {
            var connection = await ConnectAsync(factory, $"raw-chain-hop-{hop + 1}");
            var next = hop + 1 < IChainHops.Count ? await PublisherAsync(connection) : null;
            var nextQueue = Queue(hop + 1);
            var consumer = await connection.CreateChannelAsync(new CreateChannelOptions(false, false, consumerDispatchConcurrency: IChainHops.Concurrency));
            _channels.Add(consumer);
            await consumer.BasicQosAsync(0, IChainHops.Prefetch, false);
            var handler = new AsyncEventingBasicConsumer(consumer);
            handler.ReceivedAsync += async (_, delivery) =>
            {
                if (next is null)
                {
                    await deliver(delivery.Body.ToArray());
                }
                else
                {
                    await next.BasicPublishAsync("", nextQueue, mandatory: false, Persistent, delivery.Body);
                }

                await consumer.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            };
            await consumer.BasicConsumeAsync(Queue(hop), autoAck: false, handler);
        }
    }

    public Task EnterAsync(byte[] body) =>
        (_entry ?? throw new InvalidOperationException("the chain is not started")).BasicPublishAsync("", Queue(0), mandatory: false, Persistent, body).AsTask();

    private async Task<IConnection> ConnectAsync(ConnectionFactory factory, string name)
    {
        var connection = await factory.CreateConnectionAsync(name);
        _connections.Add(connection);
        return connection;
    }

    private async Task<IChannel> PublisherAsync(IConnection connection)
    {
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        _channels.Add(channel);
        return channel;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            await channel.DisposeAsync();
        }

        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}
