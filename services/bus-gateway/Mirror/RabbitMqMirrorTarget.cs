using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Microservices.Events.ServiceDefaults;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Microservices.Events.BusGateway.Mirror;

/// <summary>
/// Writes structured-mode CloudEvents (<c>application/cloudevents+json</c>, persistent) to the mirror's topic exchange
/// on the bus's broker, over a connection of its own with publisher confirms: <see cref="WriteAsync"/> returns once the
/// broker confirmed (within <c>Bus:PublishTimeoutSeconds</c>). A failed write drops the channel; the next write connects again.
/// </summary>
public sealed class RabbitMqMirrorTarget(IOptions<BusOptions> bus, IOptions<MirrorOptions> mirror, ILogger<RabbitMqMirrorTarget> logger) : IAsyncDisposable
{
    public const string ContentType = "application/cloudevents+json";

    private static readonly JsonEventFormatter Formatter = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;
    private IChannel? _channel;

    public string Exchange => mirror.Value.RabbitMq.Exchange;

    public async Task WriteAsync(CloudEvent cloudEvent, string routingKey, CancellationToken cancellationToken)
    {
        var body = Formatter.EncodeStructuredModeMessage(cloudEvent, out _);
        var properties = new BasicProperties
        {
            ContentType = ContentType,
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = cloudEvent.Id,
            Type = cloudEvent.Type,
            Timestamp = new AmqpTimestamp((cloudEvent.Time ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds()),
        };
        // Bounded: RabbitMQ.Client 7 can leave a confirmation pending forever when its channel closes under it.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(bus.Value.PublishTimeoutSeconds));
        var channel = await ChannelAsync(timeout.Token);
        try
        {
            await channel.BasicPublishAsync(Exchange, routingKey, mandatory: false, properties, body, timeout.Token);
        }
        catch (Exception ex)
        {
            await ResetAsync(channel);
            if (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"RabbitMQ did not confirm event {cloudEvent.Id} within {bus.Value.PublishTimeoutSeconds} s (Bus:PublishTimeoutSeconds)", ex);
            }

            throw;
        }
    }

    private async Task<IChannel> ChannelAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_channel is { IsOpen: true } open)
            {
                return open;
            }

            await CloseAsync();
            var rabbit = bus.Value.RabbitMq;
            var factory = new ConnectionFactory
            {
                HostName = rabbit.Host,
                Port = rabbit.Port,
                VirtualHost = rabbit.VirtualHost,
                UserName = rabbit.Username,
                Password = rabbit.Password,
                AutomaticRecoveryEnabled = false,
                ClientProvidedName = "bus-gateway mirror",
            };
            _connection = await factory.CreateConnectionAsync(cancellationToken);
            var channel = await _connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
            await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            logger.LogInformation("Mirroring events to RabbitMQ exchange {Exchange} on {Host}:{Port}{VirtualHost}", Exchange, rabbit.Host, rabbit.Port, rabbit.VirtualHost);
            _channel = channel;
            return channel;
        }
        catch
        {
            await CloseAsync();
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ResetAsync(IChannel failed)
    {
        await _gate.WaitAsync();
        try
        {
            if (ReferenceEquals(_channel, failed))
            {
                await CloseAsync();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task CloseAsync()
    {
        var (channel, connection) = (_channel, _connection);
        (_channel, _connection) = (null, null);
        foreach (var disposable in new IAsyncDisposable?[] { channel, connection })
        {
            try
            {
                if (disposable is not null)
                {
                    await disposable.DisposeAsync();
                }
            }
            catch (Exception ex)
            {
                logger.LogDebug(ex, "Closing the mirror's RabbitMQ connection failed");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await CloseAsync();
        }
        finally
        {
            _gate.Release();
        }
    }
}
