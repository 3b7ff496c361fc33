using System.Buffers;
using System.Text.Json;
using Microservices.Events.Ingress.Sources.Consumers;
using Microservices.Events.Specs.Model;
using Microservices.Events.Specs.Sources;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Microservices.Events.Ingress.Sources.Amqp;

/// <summary>
/// The <c>amqp</c> kind: per event, a connection to the broker that declares the exchange, the queue and its binding
/// as the spec says and consumes the queue with manual acknowledgements and a prefetch of <see cref="Prefetch"/>.
/// A delivery is acknowledged once the bus accepted its event (or the filter dropped it), negatively acknowledged with
/// requeue when the bus refused it (after a pause of 1 s, 2 s, … 30 s), and rejected without requeue when its body is
/// not JSON although <c>jsonBody</c> is set (dead-lettered if the queue has a dead-letter exchange). A closed
/// connection or channel ends the loop: it reconnects with the consumer-source backoff; unacknowledged deliveries go
/// back to the queue and come again with the same event id.
/// </summary>
public sealed class AmqpSource : ConsumerSourceKind<AmqpEventSource>
{
    public const string Name = "amqp";

    private readonly EdgeServices _services;
    private readonly SecretResolver _secrets;
    private readonly ILogger<AmqpSource> _logger;

    public AmqpSource(EdgeServices services, SecretResolver secrets, ILogger<AmqpSource> logger)
        : base(services, logger)
    {
        _services = services;
        _secrets = secrets;
        _logger = logger;
    }

    /// <summary>Deliveries the broker sends ahead of their acknowledgements.</summary>
    public const ushort Prefetch = 100;

    public override string Kind => Name;

    protected override IReadOnlyDictionary<string, AmqpEventSource>? EventsOf(EventSourceSpec spec) => spec.Amqp;

    protected override async Task ConsumeAsync(EdgeListener listener, EventSource source, AmqpEventSource spec, CancellationToken cancellationToken)
    {
        await _services.Ingestor.WaitUntilReadyAsync(cancellationToken);
        var factory = ConnectionFactoryFor(listener, spec);
        var topology = AmqpTopology.From(spec);
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var closed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.ConnectionShutdownAsync += (_, e) => Closed(closed, $"connection closed: {e.ReplyCode} {e.ReplyText}");
        channel.ChannelShutdownAsync += (_, e) => Closed(closed, $"channel closed: {e.ReplyCode} {e.ReplyText}");

        await channel.BasicQosAsync(0, Prefetch, global: false, cancellationToken);
        var queue = await DeclareAsync(channel, topology, cancellationToken);

        var consumer = new AsyncEventingBasicConsumer(channel);
        var refusals = 0;
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            try
            {
                refusals = await HandleAsync(listener, spec, channel, delivery, refusals, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // The channel is gone or the broker refused the acknowledgement: the shutdown event restarts the loop.
                _logger.LogWarning(ex, "amqp {EventSource}/{EventName}: delivery {DeliveryTag} was not settled", listener.EventSourceName, listener.EventName, delivery.DeliveryTag);
            }
            catch (OperationCanceledException)
            {
                // Stopping: the delivery stays unacknowledged and returns to the queue when the channel closes.
            }
        };
        await channel.BasicConsumeAsync(queue, autoAck: false, topology.ConsumerTag, topology.ConsumerNoLocal, topology.ConsumerExclusive, null, consumer, cancellationToken);
        listener.MarkConnected();
        _logger.LogInformation("amqp {EventSource}/{EventName} consuming queue {Queue} bound to {Exchange} ({RoutingKey})", listener.EventSourceName, listener.EventName, queue, topology.ExchangeName, topology.RoutingKey);

        try
        {
            var reason = await closed.Task.WaitAsync(cancellationToken);
            throw new IOException(reason);
        }
        finally
        {
            if (cancellationToken.IsCancellationRequested)
            {
                await CloseQuietlyAsync(channel, connection);
            }
        }
    }

    private async Task<int> HandleAsync(EdgeListener listener, AmqpEventSource spec, IChannel channel, BasicDeliverEventArgs delivery, int refusals, CancellationToken cancellationToken)
    {
        var body = new ReadOnlySequence<byte>(delivery.Body);
        if (!AmqpPayload.TryCreate(delivery.Exchange, delivery.RoutingKey, delivery.BasicProperties, body, spec.JsonBody == true, spec.Metadata, out var data, out var error))
        {
            listener.Malformed($"exchange \"{delivery.Exchange}\", routing key \"{delivery.RoutingKey}\", message id \"{delivery.BasicProperties.MessageId}\", delivery tag {delivery.DeliveryTag}", error!);
            await channel.BasicRejectAsync(delivery.DeliveryTag, requeue: false, cancellationToken);
            return refusals;
        }

        var id = listener.IdFor(AmqpPayload.IdCoordinates(delivery.Exchange, delivery.RoutingKey, delivery.BasicProperties, body));
        var outcome = await listener.DeliverAsync(JsonSerializer.SerializeToElement(data), id, spec.Filter?.Expression, cancellationToken);
        if (outcome == EdgeOutcome.Refused)
        {
            // Back to the queue after a pause, so a bus that is down is not asked again at once.
            await Task.Delay(EdgeBackoff.Delay(refusals), _services.Time, cancellationToken);
            await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, cancellationToken);
            return refusals + 1;
        }

        await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, cancellationToken);
        return 0;
    }

    private ConnectionFactory ConnectionFactoryFor(EdgeListener listener, AmqpEventSource spec)
    {
        var url = spec.UrlSecret is { } urlSecret ? _secrets.Require($"spec.amqp.{listener.EventName}.urlSecret", urlSecret) : spec.Url!;
        var uri = new Uri(url.Trim());
        var factory = new ConnectionFactory
        {
            Uri = uri,
            AutomaticRecoveryEnabled = false,
            TopologyRecoveryEnabled = false,
            ClientProvidedName = $"events-ingress {listener.EventSourceName}/{listener.EventName}",
        };
        var path = $"spec.amqp.{listener.EventName}";
        if (spec.Tls is { } tls && uri.Scheme == "amqps")
        {
            factory.Ssl = AmqpTls.Option(uri.Host, _secrets.Tls($"{path}.tls", tls)!);
        }

        if (spec.Auth is { } auth)
        {
            factory.UserName = _secrets.Require($"{path}.auth.username", auth.Username);
            factory.Password = _secrets.Require($"{path}.auth.password", auth.Password);
        }

        return factory;
    }

    private static async Task<string> DeclareAsync(IChannel channel, AmqpTopology topology, CancellationToken cancellationToken)
    {
        if (topology.ExchangeInternal)
        {
            await channel.ExchangeDeclarePassiveAsync(topology.ExchangeName, cancellationToken);
        }
        else
        {
            await channel.ExchangeDeclareAsync(topology.ExchangeName, topology.ExchangeType, topology.ExchangeDurable, topology.ExchangeAutoDelete,
                arguments: null, passive: false, noWait: topology.ExchangeNoWait, cancellationToken);
        }

        var declared = await channel.QueueDeclareAsync(topology.QueueName, topology.QueueDurable, topology.QueueExclusive, topology.QueueAutoDelete,
            topology.QueueArguments, passive: false, noWait: topology.QueueNoWait, cancellationToken);
        var queue = topology.QueueNoWait ? topology.QueueName : declared.QueueName;
        await channel.QueueBindAsync(queue, topology.ExchangeName, topology.RoutingKey, arguments: null, noWait: topology.BindNoWait, cancellationToken);
        return queue;
    }

    private static Task Closed(TaskCompletionSource<string> closed, string reason)
    {
        closed.TrySetResult(reason);
        return Task.CompletedTask;
    }

    private static async Task CloseQuietlyAsync(IChannel channel, IConnection connection)
    {
        try
        {
            await channel.CloseAsync(CancellationToken.None);
            await connection.CloseAsync(CancellationToken.None);
        }
        catch (Exception)
        {
            // Already closed by the broker.
        }
    }
}
